using System;
using FalStorage.Core.Http;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// Everything -ThrottleLimit sets, derived here and nowhere else (docs/decisions/0003-default-throttle-limit.md
    /// says why the default is 16).
    /// </summary>
    internal sealed class ThrottleLimits
    {
        public const int Default = 16;

        /// <summary>
        /// The most parts of a -Content stream held in memory at once, whatever -ThrottleLimit: a stream is read in
        /// order, one part buffer at a time, and at the default 10 MiB parts four of them (40 MiB) keep an Azure
        /// Automation sandbox (400 MB) far from its limit, where the default throttle's 16 would take 160 MiB.
        /// </summary>
        public const int MaxBufferedParts = 4;

        /// <summary>A HEAD carries no body and costs the CDN a lookup: it may go this many times as wide as the requests that move bytes.</summary>
        private const int HeadsPerRequest = 4;

        /// <summary>How many files may be started per request slot ahead of the one whose result is written next.</summary>
        private const int PendingFilesPerRequest = 16;

        public ThrottleLimits(int requests)
        {
            Requests = requests;
        }

        /// <summary>How many requests that move bytes (files, parts, initiations, completions, read-backs) may be on the wire at once.</summary>
        public int Requests { get; }

        /// <summary>
        /// How many HEADs may be on the wire at once beside them, within the session's connections: -SkipUnchanged's
        /// checks of unchanged files go wide, so a run that sends nothing takes a fraction of one that sends everything.
        /// </summary>
        public int Heads => Math.Min(SessionHttp.DefaultMaxConnections, HeadsPerRequest * Requests);

        /// <summary>How many parts a source read in order (a -Content stream) may hold in memory at once.</summary>
        public int BufferedParts => Math.Min(Requests, MaxBufferedParts);

        /// <summary>
        /// How many started files a command may hold before it waits for the one whose result is next in input
        /// order: it bounds what a long pipeline holds (a few objects per file, no buffers) and is wide, so one slow
        /// file at the head does not stop the others starting.
        /// </summary>
        public int PendingFiles => PendingFilesPerRequest * Requests;
    }
}
