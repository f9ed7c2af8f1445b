using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>The flows one command may send through, and the one place where an upload's flow is chosen.</summary>
    internal sealed class UploadFlows
    {
        private readonly FalUploadFlow _asked;
        private readonly CdnTokenFlow _cdnToken;
        private readonly SignedUrlFlow _signedUrl;
        private readonly TicketFlow? _ticket;

        /// <param name="ticket">The upload Request-FalUpload initiated (Send-FalAsset -Ticket): every upload goes there.</param>
        public UploadFlows(CommandTransfer transfer, UploadTarget? ticket = null)
        {
            _asked = transfer.Options.UploadFlow;
            var parts = new MultipartUpload(transfer);
            _cdnToken = new CdnTokenFlow(transfer, parts);
            _signedUrl = new SignedUrlFlow(transfer, parts);
            _ticket = ticket == null ? null : new TicketFlow(transfer, ticket);
        }

        /// <summary>
        /// A ticket's upload goes to its URL. Auto takes the CDN token flow when the service offers it, except for a
        /// name or type its headers cannot carry (a non-ASCII name): that file goes by signed URL, whose JSON body
        /// can, as fal's Python client falls back for it.
        /// </summary>
        public async Task<IUploadFlow> ChooseAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            if (_ticket != null)
            {
                return _ticket;
            }

            return _asked switch
            {
                FalUploadFlow.CdnToken => _cdnToken,
                FalUploadFlow.SignedUrl => _signedUrl,
                _ => CdnTokenFlow.CanCarry(request) && await _cdnToken.IsOfferedAsync(cancellationToken).ConfigureAwait(false) ? _cdnToken : _signedUrl,
            };
        }
    }
}
