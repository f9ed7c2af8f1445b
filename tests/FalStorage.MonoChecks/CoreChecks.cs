using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;
using FalStorage.Core.Index;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;

namespace FalStorage.MonoChecks
{
    /// <summary>
    /// What Send-FalAsset does, through the core as the cmdlets drive it (one session's client, one set of upload stages per
    /// command): both flows, in one request and in parts, each with -Verify's read-back, each through a fault that
    /// must be retried; a -Content stream that cannot seek; -SkipUnchanged's upload index; and the HttpWebRequest
    /// path's own settings. Each upload is then read back by a client of this program's own and compared byte for byte.
    /// </summary>
    internal sealed class CoreChecks : IDisposable
    {
        private const long PartSize = TransferOptions.MinimumPartSize;
        private const int OneRequestLength = 100 * 1000;
        private const int InPartsLength = (int)(2 * PartSize) + 12345;

        private readonly FalStorageClient _client;
        private readonly HttpClient _reader = new HttpClient();
        private readonly int _processConnectionLimit = ServicePointManager.DefaultConnectionLimit;
        private readonly bool _processExpect100Continue = ServicePointManager.Expect100Continue;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "falstorage-mono-" + Guid.NewGuid().ToString("N"));
        private readonly Random _random = new Random(20);

        public CoreChecks(Uri endpoint, string key)
        {
            _client = new FalStorageClient(endpoint, new FalCredential(key, "Parameter"));
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => _reader.Dispose();

        public IEnumerable<(string Name, Func<Task> Run)> All()
        {
            yield return ("token flow, one request, -Verify, through a 5xx and a failed read-back", () => UploadAsync(FalUploadFlow.CdnToken, OneRequestLength));
            yield return ("token flow, in parts, -Verify, through a dropped part", () => UploadAsync(FalUploadFlow.CdnToken, InPartsLength));
            yield return ("signed URL flow, one request, -Verify, through a 429 and a dropped PUT", () => UploadAsync(FalUploadFlow.SignedUrl, OneRequestLength));
            yield return ("signed URL flow, in parts, -Verify, through a 5xx part", () => UploadAsync(FalUploadFlow.SignedUrl, InPartsLength));
            yield return ("a -Content stream that cannot seek, in parts, -Verify", StreamInPartsAsync);
            yield return ("-SkipUnchanged: the upload index remembers an upload and the same bytes are not sent again", UploadIndexAsync);
            yield return ("the module's hosts' service points: 64 connections, no Nagle, no 100-continue; the process's defaults untouched", ServicePointsAsync);
            yield return ("System.Management.Automation was never loaded", NoPowerShellAsync);
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder: what cannot be deleted now goes with the machine's temporary files.
            }
        }

        private async Task UploadAsync(FalUploadFlow flow, int length)
        {
            var bytes = RandomBytes(length);
            var path = Path.Combine(_folder, $"{flow}-{length}.bin");
            File.WriteAllBytes(path, bytes);
            var monitor = new TransferMonitor();
            var result = await Uploads(flow, monitor).UploadAsync(Request(FileSource.Open(path), Path.GetFileName(path)), CancellationToken.None).ConfigureAwait(false);
            await ExpectServedAsync(result, bytes).ConfigureAwait(false);
            ExpectRetried(monitor);
        }

        private async Task StreamInPartsAsync()
        {
            var bytes = RandomBytes(InPartsLength);
            var source = ValueSources.FromStream(new OneWayStream(bytes), "the stream", PartSize, CancellationToken.None);
            var result = await Uploads(FalUploadFlow.Auto, new TransferMonitor()).UploadAsync(Request(source, "stream.bin"), CancellationToken.None).ConfigureAwait(false);
            await ExpectServedAsync(result, bytes).ConfigureAwait(false);
        }

        private async Task UploadIndexAsync()
        {
            var bytes = RandomBytes(OneRequestLength);
            var path = Path.Combine(_folder, "unchanged.bin");
            File.WriteAllBytes(path, bytes);
            var indexPath = Path.Combine(_folder, "upload-index.json");
            var warnings = new List<string>();

            var first = await UploadUnlessUnchangedAsync(indexPath, path, warnings).ConfigureAwait(false);
            var second = await UploadUnlessUnchangedAsync(indexPath, path, warnings).ConfigureAwait(false);

            Expect(!first.Reused && second.Reused, $"the first upload is sent and the second reused (sent: {!first.Reused}, reused: {second.Reused})");
            Expect(first.FileUrl == second.FileUrl, "the reused upload has the first one's URL");
            Expect(warnings.Count == 0, "no warnings: " + string.Join(" ", warnings));
            await ExpectServedAsync(second, bytes).ConfigureAwait(false);
        }

        private async Task<UploadResult> UploadUnlessUnchangedAsync(string indexPath, string path, List<string> warnings)
        {
            // As Send-FalAsset -SkipUnchanged: the index is loaded, consulted, recorded in and saved by one command.
            var index = UploadIndex.Load(indexPath, warnings);
            var monitor = new TransferMonitor();
            var result = await Uploads(FalUploadFlow.Auto, monitor, index).UploadAsync(Request(FileSource.Open(path), "unchanged.bin"), CancellationToken.None).ConfigureAwait(false);
            Expect(index.Save(warnings, DateTimeOffset.Now), "the index was saved");
            return result;
        }

        private Task ServicePointsAsync()
        {
            // The emulator serves the API, the CDN and the upload URLs from one host: the one every check went to.
            var servicePoint = ServicePointManager.FindServicePoint(_client.Endpoint);
            Expect(servicePoint.ConnectionLimit >= SessionHttp.DefaultMaxConnections, $"the connection limit is {servicePoint.ConnectionLimit}");
            Expect(!servicePoint.UseNagleAlgorithm, "Nagle's algorithm is off");
            Expect(!servicePoint.Expect100Continue, "Expect100Continue is off");
            Expect(ServicePointManager.DefaultConnectionLimit == _processConnectionLimit, $"DefaultConnectionLimit went from {_processConnectionLimit} to {ServicePointManager.DefaultConnectionLimit}");
            Expect(ServicePointManager.Expect100Continue == _processExpect100Continue, "ServicePointManager.Expect100Continue changed");
            return Task.CompletedTask;
        }

        private static Task NoPowerShellAsync()
        {
            var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToArray();
            Expect(!loaded.Contains("System.Management.Automation"), "loaded: " + string.Join(", ", loaded));
            return Task.CompletedTask;
        }

        /// <summary>A command's uploads, as Send-FalAsset -Verify builds them (and with -SkipUnchanged's <paramref name="index"/>).</summary>
        private IUploadStage Uploads(FalUploadFlow flow, TransferMonitor monitor, UploadIndex? index = null) =>
            UploadStages.For(
                new CommandTransfer(_client, new TransferOptions { UploadFlow = flow, PartSize = PartSize, MultipartThreshold = PartSize, Verify = true }, monitor),
                null,
                index);

        private static UploadRequest Request(UploadSource source, string name) => new UploadRequest(source, name, "application/octet-stream", null);

        /// <summary>-Verify's SHA-256 is the source's, and so is what the CDN serves, read again here.</summary>
        private async Task ExpectServedAsync(UploadResult result, byte[] bytes)
        {
            var expected = Sha256(bytes);
            Expect(result.Verified && string.Equals(result.Sha256, expected, StringComparison.OrdinalIgnoreCase), $"-Verify read back {result.Sha256} (verified: {result.Verified}), not {expected}");
            var served = await _reader.GetByteArrayAsync(result.FileUrl).ConfigureAwait(false);
            Expect(Sha256(served) == expected, $"{result.FileUrl} serves {served.Length} other bytes");
        }

        private static void ExpectRetried(TransferMonitor monitor)
        {
            var messages = new List<string>();
            while (monitor.TryTakeMessage(out var message))
            {
                messages.Add(message);
            }

            Expect(messages.Any(m => m.Contains("Retry 1 of")), "the injected fault was retried; messages: " + string.Join(" | ", messages));
        }

        private byte[] RandomBytes(int length)
        {
            var bytes = new byte[length];
            _random.NextBytes(bytes);
            return bytes;
        }

        private static string Sha256(byte[] bytes)
        {
            using var sha = SHA256.Create();
            return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", string.Empty).ToLowerInvariant();
        }

        private static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException(what);
            }
        }
    }
}
