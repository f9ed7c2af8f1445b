using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// What every request of one command shares, built once when the command begins: the client with the command's
    /// stall timeout, its options, the throttles and retry policy its requests go through, and the monitor its
    /// workers report to. Uploads, reading them back, and downloads (Downloader.For) take it.
    /// </summary>
    internal sealed class CommandTransfer
    {
        /// <param name="platform">The session's Platform API, for signed links to files only their owner reads; null: none.</param>
        public CommandTransfer(FalStorageClient client, TransferOptions options, TransferMonitor monitor, PlatformClient? platform = null)
        {
            Client = client.WithRequestTimeout(options.RequestTimeout);
            Platform = platform;
            Options = options;
            Monitor = monitor;
            var retry = new RetryPolicy(options.MaxRetries);
            var throttle = options.Throttle;
            Requests = new ThrottledRequests(throttle.Requests, retry, monitor);
            Heads = new ThrottledRequests(throttle.Heads, retry, monitor);
        }

        /// <summary>The session's client, abandoning a request after the command's stall timeout.</summary>
        public FalStorageClient Client { get; }

        public PlatformClient? Platform { get; }

        public TransferOptions Options { get; }

        public TransferMonitor Monitor { get; }

        /// <summary>The requests that move bytes, or start and finish an upload.</summary>
        public ThrottledRequests Requests { get; }

        /// <summary>The HEADs, wider than <see cref="Requests"/>.</summary>
        public ThrottledRequests Heads { get; }

        /// <summary>Asks the service for a CDN token, within the throttle and with retries (the session's <see cref="Credentials.CdnTokenCache"/> decides when).</summary>
        public Task<CdnTokenLease> FetchCdnTokenAsync(CancellationToken cancellationToken) =>
            Requests.SendAsync("Getting a CDN token", (_, attempt) => Client.GetCdnTokenAsync(attempt), cancellationToken);
    }
}
