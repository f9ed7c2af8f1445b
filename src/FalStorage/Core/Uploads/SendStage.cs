using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Flows;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>Sending: the upload goes through the flow chosen for it, and counts as a file of the command's progress.</summary>
    internal sealed class SendStage : IUploadStage
    {
        private readonly UploadFlows _flows;
        private readonly TransferMonitor _monitor;

        public SendStage(CommandTransfer transfer, UploadFlows flows)
        {
            _flows = flows;
            _monitor = transfer.Monitor;
        }

        /// <summary>Sends one source. It counts as queued at once (a file was measured when its source was made).</summary>
        public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            _monitor.FileQueued(request.Source.Length ?? 0);
            try
            {
                var flow = await _flows.ChooseAsync(request, cancellationToken).ConfigureAwait(false);
                var sent = await flow.SendAsync(request, cancellationToken).ConfigureAwait(false);

                // The service counts the lifetime from when it stored the object: the moment its last answer came.
                return new UploadResult(sent.FileUrl, sent.Length) { Sha256 = sent.Sha256, ExpiresAt = DateTimeOffset.Now + request.Lifetime?.Duration };
            }
            finally
            {
                _monitor.FileFinished();
            }
        }
    }
}
