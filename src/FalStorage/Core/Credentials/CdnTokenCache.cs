using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;

namespace FalStorage.Core.Credentials
{
    /// <summary>
    /// A session's CDN token, shared by every file, part and command (and runspace) using the session: fetched by
    /// the first request that needs it, while the others wait for it rather than fetch their own; fetched again
    /// once it is due for renewal, or after the service refused it. A service without the token route is
    /// remembered too, so it is asked once per session.
    /// </summary>
    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A SemaphoreSlim holds no handle unless its AvailableWaitHandle is read, which this type never does; disposing it while requests in flight may still release it would fail them.")]
    internal sealed class CdnTokenCache
    {
        private readonly SemaphoreSlim _fetching = new SemaphoreSlim(1, 1);
        private readonly Func<DateTimeOffset> _clock;
        private CdnTokenLease? _token;
        private FalApiException? _notOffered;

        public CdnTokenCache(Func<DateTimeOffset>? clock = null)
        {
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>The answer of a service that offers no CDN token (404, 405, 501), once it gave it; null before, or when it does.</summary>
        public FalApiException? NotOffered => Volatile.Read(ref _notOffered);

        /// <summary>
        /// A token that is not yet due for renewal, fetched with <paramref name="fetch"/> if there is none; null when
        /// the service offers no token (<see cref="NotOffered"/>). A fetch that fails otherwise fails this call only:
        /// the next one tries again.
        /// </summary>
        public async Task<CdnTokenLease?> GetAsync(Func<CancellationToken, Task<CdnTokenLease>> fetch, CancellationToken cancellationToken)
        {
            var usable = Usable();
            if (usable != null || NotOffered != null)
            {
                return usable;
            }

            await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another request may have fetched it (or learnt there is none) while this one waited.
                usable = Usable();
                if (usable != null || NotOffered != null)
                {
                    return usable;
                }

                var token = await fetch(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _token, token);
                return token;
            }
            catch (FalApiException ex) when (ex.MeansTokenNotOffered)
            {
                Volatile.Write(ref _notOffered, ex);
                return null;
            }
            finally
            {
                _fetching.Release();
            }
        }

        /// <summary>
        /// Forgets a token the service refused, so the next request fetches a new one; unless it was renewed already
        /// (many requests in flight meet the same refusal, and one new token serves them all).
        /// </summary>
        public void Refused(CdnTokenLease token) => Interlocked.CompareExchange(ref _token, null, token);

        private CdnTokenLease? Usable()
        {
            var token = Volatile.Read(ref _token);
            return token != null && _clock() < token.RenewAt ? token : null;
        }
    }
}
