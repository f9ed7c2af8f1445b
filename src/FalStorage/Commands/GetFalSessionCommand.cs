using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Get-FalSession: emits the current runspace's default session (key masked). With none it emits
    /// nothing and writes no error, like Get-PSDrive with a filter that matches nothing: "not connected"
    /// is a state to test for (<c>if (-not (Get-FalSession))</c>), not a failure.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "FalSession", HelpUri = HelpLinks.GetFalSession)]
    [OutputType(typeof(FalSession))]
    public sealed class GetFalSessionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var session = SessionRegistry.Current;
            if (session == null)
            {
                WriteVerbose("This runspace has no default fal Storage session: run Connect-FalStorage, or let the other cmdlets connect from FAL_KEY.");
                return;
            }

            WriteObject(session);
        }
    }
}
