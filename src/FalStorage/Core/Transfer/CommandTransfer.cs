using FalStorage.Core.Api;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// What every request of one command shares, built once when the command begins: the client with the command's
    /// stall timeout, its options, the throttles and retry policy its requests go through, and the monitor its
    /// workers report to. Uploads (and reading them back) take it; so will downloads.
    /// </summary>
    internal sealed class CommandTransfer
    {
        public CommandTransfer(FalStorageClient client, TransferOptions options, TransferMonitor monitor)
        {
            Client = client.WithRequestTimeout(options.RequestTimeout);
            Options = options;
            Monitor = monitor;
            var retry = new RetryPolicy(options.MaxRetries);
            var throttle = options.Throttle;
            Requests = new ThrottledRequests(throttle.Requests, retry, monitor);
            Heads = new ThrottledRequests(throttle.Heads, retry, monitor);
        }

        /// <summary>The session's client, abandoning a request after the command's stall timeout.</summary>
        public FalStorageClient Client { get; }

        public TransferOptions Options { get; }

        public TransferMonitor Monitor { get; }

        /// <summary>The requests that move bytes, or start and finish an upload.</summary>
        public ThrottledRequests Requests { get; }

        /// <summary>The HEADs, wider than <see cref="Requests"/>.</summary>
        public ThrottledRequests Heads { get; }
    }
}
