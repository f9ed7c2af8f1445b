using System;
using FalStorage.Core.Api;
using FalStorage.Core.Sources;

namespace FalStorage.Core.Transfer
{
    /// <summary>How one command uploads: its flow, throttle, multipart sizes, retries, stall timeout and -Verify.</summary>
    internal sealed class TransferOptions
    {
        public const int DefaultThrottleLimit = 16;
        public const long MinimumPartSize = 5L * 1024 * 1024;
        public const long DefaultPartSize = 10L * 1024 * 1024;

        /// <summary>Object stores commonly cap parts at 5 GiB.</summary>
        public const long MaximumPartSize = 5L * 1024 * 1024 * 1024;

        /// <summary>fal's JavaScript client switches to multipart above 90 MiB.</summary>
        public const long DefaultMultipartThreshold = 90L * 1024 * 1024;

        public const int DefaultMaxRetries = 5;

        /// <summary>
        /// The most parts of a -Content stream held in memory at once, whatever -ThrottleLimit: a stream is read in
        /// order, one part buffer at a time, and at the default 10 MiB parts four of them (40 MiB) keep an Azure
        /// Automation sandbox (400 MB) far from its limit, where the default throttle's 16 would take 160 MiB.
        /// </summary>
        public const int MaxBufferedParts = 4;

        public FalUploadFlow UploadFlow { get; set; } = FalUploadFlow.Auto;

        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>
        /// How many HEADs may be on the wire at once beside the uploads: a HEAD carries no body and costs the CDN a
        /// lookup, so -SkipUnchanged's checks of unchanged files go four times as wide as the uploads (within the
        /// session's connections), and a run that sends nothing takes a fraction of one that sends everything.
        /// </summary>
        public int HeadLimit => Math.Min(FalStorageClient.DefaultMaxConnections, 4 * ThrottleLimit);

        /// <summary>How many parts a source read in order (a -Content stream) may hold in memory at once.</summary>
        public int BufferedPartLimit => Math.Min(ThrottleLimit, MaxBufferedParts);

        public long MultipartThreshold { get; set; } = DefaultMultipartThreshold;

        public long PartSize { get; set; } = DefaultPartSize;

        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>How long a request may go without progress before it is abandoned (and retried).</summary>
        public TimeSpan RequestTimeout { get; set; } = FalStorageClient.DefaultRequestTimeout;

        public bool Verify { get; set; }

        /// <summary>Above the threshold, and a stream whose length is not known before it is read, go in parts.</summary>
        public bool IsMultipart(UploadSource source) => !(source.Length <= MultipartThreshold);
    }
}
