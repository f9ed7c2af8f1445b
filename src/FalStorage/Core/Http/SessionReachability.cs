using System.Threading;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// Whether anything a session talks to (its endpoint, the upload URLs and CDN it hands out) has ever
    /// answered. Until something has, a refused connection or a name that does not resolve means a wrong
    /// endpoint or a service that is not running: no retry can help, so the user hears it at once. Once the
    /// service has answered, the same failure is an outage (a restart, a deploy) that retries ride out.
    /// Kept per session, not per command: a runbook whose first command reached the service keeps retrying
    /// through a later outage.
    /// </summary>
    internal sealed class SessionReachability
    {
        private int _answered;

        public bool HasAnswered => Volatile.Read(ref _answered) == 1;

        public void Answered() => Volatile.Write(ref _answered, 1);
    }
}
