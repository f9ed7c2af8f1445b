using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>-Verify: after the upload, the CDN is read back, and must serve its length and SHA-256.</summary>
    internal sealed class VerifyStage : IUploadStage
    {
        private readonly ReadBack _readBack;
        private readonly IUploadStage _send;

        public VerifyStage(ReadBack readBack, IUploadStage send)
        {
            _readBack = readBack;
            _send = send;
        }

        public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var sent = await _send.UploadAsync(request with { HashWhileSending = true }, cancellationToken).ConfigureAwait(false);
            var sha256 = await _readBack.VerifyAsync(request, sent.FileUrl, sent.Length, sent.Sha256, null, cancellationToken).ConfigureAwait(false);
            return sent with { Sha256 = sha256, Verified = true };
        }
    }
}
