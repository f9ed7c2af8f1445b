using FalStorage.Core.Api;
using FalStorage.Core.Flows;
using FalStorage.Core.Index;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>How a command's uploads are put together: sending, wrapped by -Verify's read-back, wrapped by -SkipUnchanged's reuse.</summary>
    internal static class UploadStages
    {
        /// <param name="ticket">Send-FalAsset -Ticket's upload, where every upload goes; null: the options' flow.</param>
        /// <param name="index">-SkipUnchanged's index; null: every upload is sent.</param>
        public static IUploadStage For(CommandTransfer transfer, UploadTarget? ticket, UploadIndex? index)
        {
            IUploadStage stage = new SendStage(transfer, new UploadFlows(transfer, ticket));
            var readBack = new ReadBack(transfer);
            if (transfer.Options.Verify)
            {
                stage = new VerifyStage(readBack, stage);
            }

            return index == null ? stage : new ReuseStage(transfer, index, readBack, stage);
        }
    }
}
