using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>One stage of an upload: sending it, or a stage around that (reading it back, reusing an earlier upload) that passes it on.</summary>
    internal interface IUploadStage
    {
        Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken);
    }
}
