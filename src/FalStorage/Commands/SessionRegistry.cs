using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace FalStorage.Commands
{
    /// <summary>
    /// The default session of each runspace. Azure Automation runs several jobs in one process,
    /// each in its own runspace: keyed by runspace, one job can never pick up another's key.
    /// </summary>
    internal static class SessionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, FalSession> Defaults = new ConditionalWeakTable<Runspace, FalSession>();

        public static FalSession? Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace != null && Defaults.TryGetValue(runspace, out var session) ? session : null;
            }
        }

        public static void SetCurrent(FalSession session)
        {
            var runspace = Runspace.DefaultRunspace;
            Defaults.Remove(runspace);
            Defaults.Add(runspace, session);
        }

        /// <summary>Forgets the current runspace's default session and returns it, or null when there was none.</summary>
        public static FalSession? ClearCurrent()
        {
            var session = Current;
            if (session != null)
            {
                Defaults.Remove(Runspace.DefaultRunspace);
            }

            return session;
        }
    }
}
