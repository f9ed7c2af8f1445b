using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Disconnect-FalStorage: the current runspace forgets its default session. A session kept in a
    /// variable (or a ticket it issued) still works: it holds no server-side state to end.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "FalStorage", HelpUri = HelpLinks.DisconnectFalStorage)]
    [OutputType(typeof(FalSession))]
    public sealed class DisconnectFalStorageCommand : PSCmdlet
    {
        /// <summary>Emits the session that was the default; by default nothing is emitted, so runbook output stays clean.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var session = SessionRegistry.ClearCurrent();
            if (session == null)
            {
                WriteVerbose("This runspace has no default fal Storage session.");
                return;
            }

            WriteVerbose($"Disconnected from {session.Endpoint} ({session.MaskedKey}).");
            if (PassThru)
            {
                WriteObject(session);
            }
        }
    }
}
