using System;
using FalStorage.Core.Api;
using FalStorage.Core.Sources;

namespace FalStorage.Core.Transfer
{
    /// <summary>How one command uploads: its flow, throttle, multipart sizes, retries, stall timeout and -Verify.</summary>
    internal sealed class TransferOptions
    {
        public const long MinimumPartSize = 5L * 1024 * 1024;
        public const long DefaultPartSize = 10L * 1024 * 1024;

        /// <summary>Object stores commonly cap parts at 5 GiB.</summary>
        public const long MaximumPartSize = 5L * 1024 * 1024 * 1024;

        /// <summary>fal's JavaScript client switches to multipart above 90 MiB.</summary>
        public const long DefaultMultipartThreshold = 90L * 1024 * 1024;

        public const int DefaultMaxRetries = 5;

        public FalUploadFlow UploadFlow { get; set; } = FalUploadFlow.Auto;

        public int ThrottleLimit { get; set; } = ThrottleLimits.Default;

        /// <summary>What <see cref="ThrottleLimit"/> sets: the requests, HEADs, part buffers and pending files it allows.</summary>
        public ThrottleLimits Throttle => new ThrottleLimits(ThrottleLimit);

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
