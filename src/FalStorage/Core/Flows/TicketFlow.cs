using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>
    /// Send-FalAsset -Ticket: the bytes go whole to the signed URL Request-FalUpload initiated beforehand. That URL
    /// cannot be replaced: a refused one is the command's error, and the user requests a new ticket.
    /// </summary>
    internal sealed class TicketFlow : IUploadFlow
    {
        private readonly CommandTransfer _transfer;
        private readonly UploadTarget _target;

        public TicketFlow(CommandTransfer transfer, UploadTarget target)
        {
            _transfer = transfer;
            _target = target;
        }

        public Task<SentUpload> SendAsync(UploadRequest request, CancellationToken cancellationToken) =>
            SignedUrlPut.SendAsync(_transfer, _target, request, cancellationToken);
    }
}
