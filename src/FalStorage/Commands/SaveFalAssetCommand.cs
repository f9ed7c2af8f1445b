using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FalStorage.Core;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Downloads;
using FalStorage.Core.Transfer;
using Microsoft.PowerShell.Commands;

namespace FalStorage.Commands
{
    /// <summary>
    /// Save-FalAsset: downloads files (FalAssets, URLs, a model's file objects) into a folder and emits one FileInfo
    /// per file, in input order. Downloads run concurrently on worker tasks through the same transfer as uploads;
    /// everything PowerShell sees is written here, on the pipeline thread.
    /// </summary>
    [Cmdlet(VerbsData.Save, "FalAsset", HelpUri = HelpLinks.SaveFalAsset, DefaultParameterSetName = InputObjectParameterSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveFalAssetCommand : FalTransferCmdlet
    {
        private const string InputObjectParameterSet = "InputObject";
        private const string UrlParameterSet = "Url";

        private readonly List<(DownloadInput Input, string Target)> _singleFileCandidates = new List<(DownloadInput, string)>();
        private Downloader? _downloader;
        private InputOrderQueue<(DownloadRequest Request, object Target), DownloadResult>? _pending;
        private ProgressReporter? _progress;
        private DestinationFolder? _folder;
        private bool _folderReady;

        /// <summary>What to download: FalAssets, URL strings, [uri]s, or objects with a Url property (a model's file objects).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectParameterSet)]
        public PSObject? InputObject { get; set; }

        /// <summary>The URLs to download.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UrlParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Url { get; set; } = Array.Empty<string>();

        /// <summary>The folder the files are saved in (created if missing); the current location by default.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>The name to save a single file under, instead of its file_name or the URL's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FileName { get; set; }

        /// <summary>Replaces an existing file that has other bytes.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            var options = NewTransferOptions();
            _folder = new DestinationFolder(ResolveDestination());
            var session = Session ?? SessionRegistry.Current ?? (KeyInEnvironment() ? OpenSession(null, null) : null);
            if (session == null)
            {
                WriteVerbose("No fal session and no key in the environment: downloading without credentials (public files and signed links only).");
            }

            _downloader = session == null
                ? Downloader.Anonymous(options, Monitor, Force)
                : Downloader.For(new CommandTransfer(session.Client, options, Monitor, session.Platform), Force);
            _pending = new InputOrderQueue<(DownloadRequest, object), DownloadResult>(options.Throttle.PendingFiles);
            _progress = NewProgressReporter(ProgressReporter.DownloadActivity);
        }

        protected override void ProcessRecord()
        {
            foreach (var value in Inputs())
            {
                DownloadInput input;
                try
                {
                    input = DownloadInput.From(value);
                }
                catch (ArgumentException ex)
                {
                    WriteError(new ErrorRecord(ex, ErrorIds.InvalidUrl, ErrorCategory.InvalidArgument, value));
                    continue;
                }

                var target = input.Url.OriginalString;
                if (FileName != null)
                {
                    // Held until the input ends: only then is it known whether there is one file.
                    _singleFileCandidates.Add((input, target));
                    continue;
                }

                Enqueue(input, target);

                // Results stream while input still arrives.
                WriteFinished(waitForAll: false);
            }
        }

        protected override void EndProcessing()
        {
            ReleaseSingleFile(_singleFileCandidates, held => Enqueue(held.Input, held.Target), held => held.Target, "FileName", "Nothing was saved; save them without -FileName, or in separate calls.");

            WriteFinished(waitForAll: true);
            _progress!.WriteCompleted();
        }

        /// <summary>
        /// Whether the environment holds a key to open a session from (a malformed one too: opening the session then
        /// reports it). Without a session or key, public files are still downloaded.
        /// </summary>
        private static bool KeyInEnvironment()
        {
            try
            {
                return CredentialResolver.FromEnvironment(Environment.GetEnvironmentVariables()) != null;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }

        /// <summary>The values of this record: -Url's strings, or the piped object (an array given to -InputObject, each of its items).</summary>
        private IEnumerable<object> Inputs()
        {
            if (ParameterSetName == UrlParameterSet)
            {
                return Url;
            }

            var value = InputObject?.BaseObject;
            return value is IEnumerable items && !(value is string) && !(value is IDictionary)
                ? items.Cast<object>()
                : new object[] { InputObject! };
        }

        private void Enqueue(DownloadInput input, object target)
        {
            var name = FileName ?? input.FileName;
            var path = _folder!.Claim(name != null ? SafeFileName.Clean(name) : SafeFileName.FromUrl(input.Url));
            if (!ShouldProcess(path, $"Save {SafeUrl.Describe(input.Url)}"))
            {
                return;
            }

            if (!EnsureFolder(target))
            {
                return;
            }

            WriteVerbose($"Downloading {SafeUrl.Describe(input.Url)} to '{path}'.");
            var request = new DownloadRequest(input.Url, path, input.Sha256);
            _pending!.Add((request, target), _downloader!.DownloadAsync(request, CancelToken));
        }

        /// <summary>-Destination as a file system path, as Get-Content resolves one (relative to the location, on any drive).</summary>
        private string ResolveDestination()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination ?? ".", out var provider, out _);
            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Destination '{Destination}' is on the {provider.Name} provider: files can only be saved to the FileSystem provider."),
                    ErrorIds.NotFileSystemPath,
                    ErrorCategory.InvalidArgument,
                    Destination));
            }

            if (File.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Destination '{path}' is a file: it names the folder to save in. To choose a file's name, use -FileName."),
                    ErrorIds.DestinationNotAFolder,
                    ErrorCategory.InvalidArgument,
                    Destination));
            }

            return path;
        }

        /// <summary>Creates -Destination before the first file goes there (not under -WhatIf); false when it cannot be, with its error written.</summary>
        private bool EnsureFolder(object target)
        {
            if (_folderReady)
            {
                return true;
            }

            try
            {
                Directory.CreateDirectory(_folder!.Path);
                _folderReady = true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                WriteError(new ErrorRecord(new DestinationWriteException(_folder!.Path, ex), ErrorIds.DestinationWriteFailed, ErrorCategory.WriteError, target));
            }

            return _folderReady;
        }

        /// <summary>Writes the outcomes of the downloads done so far (or, at the end, of all), in input order.</summary>
        private void WriteFinished(bool waitForAll) => _pending!.WriteFinished(waitForAll, WriteOutcome, WriteMessagesAndProgress, CancelToken);

        private void WriteOutcome((DownloadRequest Request, object Target) download, Task<DownloadResult> outcome)
        {
            if (outcome.IsCanceled)
            {
                return;
            }

            if (outcome.IsFaulted)
            {
                // The retries that led to the failure show before it.
                WriteReportedMessages();
                var exception = outcome.Exception!.InnerException!;
                var record = DownloadErrors.ToErrorRecord(exception, download.Target) ??
                    (DownloadErrors.IsTheUrls(exception) ? ToErrorRecord(exception, download.Target) : null);
                if (record == null)
                {
                    // The session's own failure (a refused key when the CDN token was asked for): as every cmdlet reports it.
                    ReportFailure(exception, download.Target);
                }
                else
                {
                    // One URL's failure, never the command's: a result may point at any host.
                    WriteError(record.ErrorDetails == null ? WithFinalMessage(record, exception) : record);
                }

                return;
            }

            var result = outcome.Result;
            if (result.AlreadyPresent)
            {
                WriteVerbose($"'{result.Path}' already has these bytes (the same length and SHA-256): it was not downloaded again.");
            }
            else if (result.Verified)
            {
                WriteVerbose($"'{result.Path}' has the SHA-256 of its asset.");
            }

            WriteObject(new FileInfo(result.Path));
        }

        private void WriteMessagesAndProgress()
        {
            WriteReportedMessages();
            _progress!.WriteIfDue();
        }
    }
}
