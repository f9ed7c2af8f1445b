using System;
using System.Threading;

namespace FalStorage.Core
{
    /// <summary>
    /// Cancels a request that makes no progress for the timeout. Uploads call <see cref="Touch"/>
    /// as bytes go out, so a large body is never cut off for being large, only for stalling.
    /// </summary>
    internal sealed class StallTimeout : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly TimeSpan _timeout;

        public StallTimeout(TimeSpan timeout, CancellationToken cancellationToken)
        {
            _timeout = timeout;
            _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _source.CancelAfter(timeout);
        }

        public CancellationToken Token => _source.Token;

        public TimeSpan Timeout => _timeout;

        public void Touch() => _source.CancelAfter(_timeout);

        public void Dispose() => _source.Dispose();
    }
}
