using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>A cmdlet that talks to fal Storage through a session.</summary>
    public abstract class FalSessionCmdlet : FalCmdlet
    {
        /// <summary>The session to use instead of the runspace's default one.</summary>
        [Parameter]
        [ValidateNotNull]
        public FalSession? Session { get; set; }

        /// <summary>-Session, else the runspace's default session, else a new default one from the environment.</summary>
        protected FalSession ResolveSession() => Session ?? SessionRegistry.Current ?? OpenSession(null, null);
    }
}
