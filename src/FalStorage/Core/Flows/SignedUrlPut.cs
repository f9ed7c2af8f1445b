using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>A whole upload PUT to a signed upload URL, as a new signed URL and a ticket's are sent alike.</summary>
    internal static class SignedUrlPut
    {
        public static async Task<SentUpload> SendAsync(CommandTransfer transfer, UploadTarget target, UploadRequest request, CancellationToken cancellationToken)
        {
            var file = request.Source.Whole();
            string? sha256 = null;
            await transfer.Requests.SendAsync(
                $"PUT '{request.FileName}'",
                (bytesSent, token) => transfer.Client.UploadAsync(
                    target.UploadUrl, file, request.ContentType, bytesSent, request.HashWhileSending ? hash => sha256 = hash : null, token),
                cancellationToken).ConfigureAwait(false);
            transfer.Monitor.AddBytesTaken(file.Length);
            return new SentUpload(target.FileUrl, file.Length, sha256);
        }
    }
}
