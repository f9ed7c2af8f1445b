using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core;
using FalStorage.Core.Api;
using FalStorage.Core.Http;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// Retries what may pass (408, 429, 5xx, a lost connection, a stall) with exponential backoff and
    /// jitter, honouring Retry-After; anything else fails at once.
    /// </summary>
    internal sealed class RetryPolicy
    {
        public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(0.5);
        public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

        /// <summary>A service asking for a longer pause than this is not waited for: the error is reported.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

        // Where a failure that ended the retries carries how many times it was tried.
        private const string TriesKey = "FalStorage.Tries";

        private readonly TimeSpan _baseDelay;
        private readonly Random _random = new Random();

        public RetryPolicy(int maxRetries, TimeSpan? baseDelay = null)
        {
            MaxRetries = maxRetries;
            _baseDelay = baseDelay ?? DefaultBaseDelay;
        }

        public int MaxRetries { get; }

        /// <summary>Runs the attempt until it succeeds, fails for good, or the retries are spent.</summary>
        public async Task<T> RunAsync<T>(string description, Func<CancellationToken, Task<T>> attempt, Action<string> report, CancellationToken cancellationToken)
        {
            for (var retry = 0; ; retry++)
            {
                try
                {
                    return await attempt(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (!(retry < MaxRetries && TryGetDelay(ex, retry, out var delay)))
                    {
                        ex.Data[TriesKey] = retry + 1;
                        throw;
                    }

                    report($"{description}: {Sentence.End(ex.Message)} Retry {retry + 1} of {MaxRetries} in {delay.TotalSeconds:0.0} s.");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// What to tell the user of a failure that ended the retries: the failure, how many times it was tried, and a
        /// Retry-After that was too long to wait for.
        /// </summary>
        public static string FinalMessage(Exception exception)
        {
            var message = Sentence.End(exception.Message);
            if (exception.Data[TriesKey] is int tries && tries > 1)
            {
                message += $" It was tried {tries} times.";
            }

            if (exception is FalApiException api && api.RetryAfter is TimeSpan asked && asked > MaxRetryAfter)
            {
                message += $" The service asked for a wait of {asked.TotalSeconds:0} s before another try (Retry-After), longer than the {MaxRetryAfter.TotalSeconds:0} s the module waits: run the command again later.";
            }

            return message;
        }

        /// <summary>Whether the failure may pass, and how long to wait before trying again.</summary>
        public bool TryGetDelay(Exception exception, int retry, out TimeSpan delay)
        {
            delay = Backoff(retry);
            switch (exception)
            {
                case FalApiException api when IsTransient((int)api.StatusCode):
                    if (api.RetryAfter is TimeSpan asked)
                    {
                        delay = asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
                        return asked <= MaxRetryAfter;
                    }

                    return true;
                case FalTransportException transport:
                    return transport.Failure == TransportFailure.Unreachable || transport.Failure == TransportFailure.TimedOut;
                default:
                    return false;
            }
        }

        // 501 and 505 say the server cannot do what was asked, and will not later.
        private static bool IsTransient(int status) => status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);

        // Half fixed, half random: spreads out clients that failed together without ever retrying at once.
        private TimeSpan Backoff(int retry)
        {
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, retry));
            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(ceiling * (0.5 + (jitter / 2)));
        }
    }
}
