using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Http;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;

namespace FalStorage.Commands
{
    /// <summary>A cmdlet that talks to fal Storage through a session, its requests reporting to one <see cref="TransferMonitor"/>.</summary>
    public abstract class FalSessionCmdlet : FalCmdlet
    {
        /// <summary>The session to use instead of the runspace's default one.</summary>
        [Parameter]
        [ValidateNotNull]
        [LiveObjectTransformation(typeof(FalSession))]
        public FalSession? Session { get; set; }

        /// <summary>What the command's workers report (counters, retries), read here on the pipeline thread.</summary>
        private protected TransferMonitor Monitor { get; } = new TransferMonitor();

        /// <summary>-Session, else the runspace's default session, else a new default one from the environment.</summary>
        protected FalSession ResolveSession() => Session ?? SessionRegistry.Current ?? OpenSession(null, null);

        /// <summary>One request, retried as an upload's are (a rate limit, a passing failure), waited for on the pipeline thread.</summary>
        private protected T WithRetries<T>(string description, Func<CancellationToken, Task<T>> request) =>
            Await(new RetryPolicy(TransferOptions.DefaultMaxRetries).RunAsync(description, request, Monitor.Report, CancelToken));

        /// <summary>The command's progress bars, drawn unless $ProgressPreference hides them.</summary>
        private protected ProgressReporter NewProgressReporter(string activity)
        {
            var showProgress = !(GetVariableValue("ProgressPreference") is ActionPreference preference) ||
                (preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore);
            return new ProgressReporter(Monitor, showProgress ? WriteProgress : (System.Action<ProgressRecord>?)null, activity);
        }

        /// <summary>
        /// Runs the requests of one item (a file, a ticket, the settings) on the pipeline thread: a failure is that
        /// item's error, or the command's where no other item could get past it (<see cref="FalCmdlet.ReportFailure"/>);
        /// Ctrl+C ends it quietly, PowerShell ending the pipeline itself.
        /// </summary>
        private protected void ForItem(object target, Action requests)
        {
            try
            {
                requests();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is FalApiException || ex is FalTransportException)
            {
                ReportFailure(ex, target);
            }
            finally
            {
                WriteReportedMessages();
            }
        }

        /// <summary>Messages the workers reported (retries, renewed URLs), written here: only the pipeline thread may write them.</summary>
        private protected void WriteReportedMessages()
        {
            while (Monitor.TryTakeMessage(out var message))
            {
                WriteVerbose(message);
            }
        }
    }
}
