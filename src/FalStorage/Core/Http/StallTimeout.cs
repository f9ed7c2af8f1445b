using System;
using System.Diagnostics;
using System.Threading;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// Cancels a request that makes no progress for the timeout. Uploads call <see cref="Touch"/>
    /// as bytes go out, so a large body is never cut off for being large, only for stalling.
    /// </summary>
    /// <remarks>
    /// Touch only notes the time: re-arming the timer per chunk would take the timer queue's lock thousands of
    /// times per gigabyte. The timer, when due, looks at the last progress instead and waits out the rest of the
    /// timeout from there, so it still cancels a whole timeout after the last progress, re-arming once per timeout at most.
    /// </remarks>
    internal sealed class StallTimeout : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly TimeSpan _timeout;
        private readonly long _timeoutTicks;
        private readonly Timer _timer;
        private long _lastProgress;
        private int _disposed;

        public StallTimeout(TimeSpan timeout, CancellationToken cancellationToken)
        {
            _timeout = timeout;
            _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _lastProgress = Stopwatch.GetTimestamp();
            _timer = new Timer(OnDue, null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        }

        public CancellationToken Token => _source.Token;

        public TimeSpan Timeout => _timeout;

        public void Touch() => Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _timer.Dispose();
                _source.Dispose();
            }
        }

        private void OnDue(object? state)
        {
            var left = _timeoutTicks - (Stopwatch.GetTimestamp() - Volatile.Read(ref _lastProgress));
            try
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                if (left > 0)
                {
                    _timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000.0 / Stopwatch.Frequency)), System.Threading.Timeout.InfiniteTimeSpan);
                }
                else
                {
                    _source.Cancel();
                }
            }
            catch (ObjectDisposedException)
            {
                // The request ended while the timer was due: there is nothing left to cancel.
            }
        }
    }
}
