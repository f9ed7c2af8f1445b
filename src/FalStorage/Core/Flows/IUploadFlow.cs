using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>One way the bytes of an upload go to fal Storage (<see cref="UploadFlows"/> chooses which).</summary>
    internal interface IUploadFlow
    {
        /// <summary>Sends the request's bytes, whole or in parts, and says where the CDN serves them.</summary>
        Task<SentUpload> SendAsync(UploadRequest request, CancellationToken cancellationToken);
    }
}
