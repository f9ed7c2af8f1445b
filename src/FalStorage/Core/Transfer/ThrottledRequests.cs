using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// Every HTTP request of one command: each takes one of the throttle's slots, so files and parts
    /// share one limit, and each is retried on its own by the policy.
    /// </summary>
    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A SemaphoreSlim holds no handle unless its AvailableWaitHandle is read, which this type never does; disposing it while requests in flight may still release it would fail them.")]
    internal sealed class ThrottledRequests
    {
        private readonly RetryPolicy _retry;
        private readonly TransferMonitor _monitor;
        private readonly SemaphoreSlim _slots;

        public ThrottledRequests(int throttleLimit, RetryPolicy retry, TransferMonitor monitor)
        {
            _retry = retry;
            _monitor = monitor;
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
        }

        public Task SendAsync(string description, Func<Action<long>, CancellationToken, Task> send, CancellationToken cancellationToken) =>
            SendAsync(
                description,
                async (bytesSent, token) =>
                {
                    await send(bytesSent, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken);

        /// <summary>
        /// One request in one throttle slot, retried by the policy. The slot is held only while the
        /// request is on the wire, never during a backoff. Its bytes are in flight until it is answered;
        /// the caller counts them as taken once it has succeeded.
        /// </summary>
        public Task<T> SendAsync<T>(string description, Func<Action<long>, CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
            _retry.RunAsync(
                description,
                async token =>
                {
                    await _slots.WaitAsync(token).ConfigureAwait(false);
                    long attemptBytes = 0;
                    try
                    {
                        return await send(count => { attemptBytes += count; _monitor.AddBytesInFlight(count); }, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _monitor.AddBytesInFlight(-attemptBytes);
                        _slots.Release();
                    }
                },
                _monitor.Report,
                cancellationToken);
    }
}
