using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The fuzzer's bookkeeping: what a lane saw, the clock's steps, a request before it is sent, an upload.</summary>
public sealed partial class FuzzTests
{
    /// <summary>What one lane saw; <see cref="Violations"/> are the failures.</summary>
    private sealed class FuzzReport
    {
        public int Requests { get; set; }

        public int Raw { get; set; }

        public int Valid { get; set; }

        public int ClientErrors { get; set; }

        public Dictionary<int, int> Statuses { get; } = [];

        public List<string> Violations { get; } = [];

        /// <summary>The slowest requests: where the run's time goes, should it grow.</summary>
        public List<(double Milliseconds, string Description)> Slowest { get; private set; } = [];

        public static FuzzReport Merge(IEnumerable<FuzzReport> reports)
        {
            var merged = new FuzzReport();
            foreach (var report in reports)
            {
                merged.Requests += report.Requests;
                merged.Raw += report.Raw;
                merged.Valid += report.Valid;
                merged.ClientErrors += report.ClientErrors;
                merged.Violations.AddRange(report.Violations);
                merged.Slowest = [.. merged.Slowest.Concat(report.Slowest).OrderByDescending(slow => slow.Milliseconds).Take(SlowestKept)];
                foreach (var (status, count) in report.Statuses)
                {
                    merged.Statuses[status] = merged.Statuses.GetValueOrDefault(status) + count;
                }
            }

            return merged;
        }

        private const int SlowestKept = 5;

        /// <param name="otherVersion">The request line named an HTTP version other than 1.0 and 1.1, to which 505
        /// (HTTP Version Not Supported, from Kestrel) is the right answer, the only 5xx that is.</param>
        /// <param name="wire">The bytes that went out for the request (and before it on its connection), for a violation.</param>
        public void Record(int status, string description, TimeSpan elapsed, bool otherVersion = false, Func<string>? wire = null)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !(status == 505 && otherVersion))
            {
                Violations.Add($"{status}: {description}{wire?.Invoke()}");
            }

            Slowest = [.. Slowest.Append((Milliseconds: elapsed.TotalMilliseconds, Description: description)).OrderByDescending(slow => slow.Milliseconds).Take(SlowestKept)];
        }
    }

    /// <summary>Moves the clock once every lane has arrived, so each lane's requests meet the same clock in every run.</summary>
    private sealed class ClockSteps(int lanes, ManualTimeProvider clock, TimeSpan step)
    {
        private readonly Lock gate = new();
        private int arrived;
        private TaskCompletionSource moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ArriveAsync()
        {
            lock (gate)
            {
                var waiting = moved;
                if (++arrived == lanes)
                {
                    arrived = 0;
                    clock.Now += step;
                    moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    waiting.SetResult();
                }

                return waiting.Task;
            }
        }
    }

    /// <summary>A request before it is sent: the target is sent as it is (no dot segments resolved, no re-encoding).</summary>
    private sealed class FuzzRequest(string method, string target, string route)
    {
        public string Method { get; set; } = method;

        public string Target { get; set; } = target;

        public List<(string Name, string Value)> Headers { get; } = [];

        public byte[]? Body { get; set; }

        public bool Chunked { get; set; }

        /// <summary>A Content-Length other than the body's: the client gives up mid-request, the server sees a short body.</summary>
        public long? DeclaredLength { get; set; }

        public List<string> Steps { get; } = [route];

        public string Describe() => string.Join(" | ", Steps);

        public void Set(string name, string value)
        {
            Headers.RemoveAll(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            Headers.Add((name, value));
        }
    }

    /// <summary>An upload this lane initiated, with the ETags of the parts it sent.</summary>
    private sealed record Upload(Uri UploadUrl, Uri FileUrl, bool Multipart)
    {
        public Dictionary<int, string> ETags { get; } = [];

        public string Path => UploadUrl.AbsolutePath;

        public string Query => UploadUrl.Query;

        public string Id => UploadUrl.Segments[^1];
    }
}
