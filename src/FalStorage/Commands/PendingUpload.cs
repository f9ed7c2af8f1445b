using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Commands
{
    /// <summary>A file (or -Content) Send-FalAsset has started uploading, held until its outcome is written, in input order.</summary>
    internal sealed class PendingUpload
    {
        public PendingUpload(UploadRequest request, string target, Task<UploadResult> task)
        {
            Request = request;
            Target = target;
            Task = task;
        }

        public UploadRequest Request { get; }

        /// <summary>What its errors name: the file's path, or -Content's name.</summary>
        public string Target { get; }

        public Task<UploadResult> Task { get; }
    }
}
