using System.Threading.Tasks;
using FalStorage.Core;

namespace FalStorage.Commands
{
    /// <summary>A file Send-FalAsset has started uploading, held until its outcome is written, in input order.</summary>
    internal sealed class PendingUpload
    {
        public PendingUpload(UploadRequest request, Task<UploadResult> task)
        {
            Request = request;
            Task = task;
        }

        public UploadRequest Request { get; }

        public Task<UploadResult> Task { get; }
    }
}
