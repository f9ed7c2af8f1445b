using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using FalStorage.Core;
using Microsoft.PowerShell.Commands;

namespace FalStorage.Commands
{
    /// <summary>Send-FalAsset: uploads files to the fal CDN and emits one FalAsset per file.</summary>
    [Cmdlet(VerbsCommunications.Send, "FalAsset", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FalAsset))]
    public sealed class SendFalAssetCommand : FalSessionCmdlet
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";
        private const string PathTicketParameterSet = "PathTicket";
        private const string LiteralPathTicketParameterSet = "LiteralPathTicket";
        private const string Activity = "Uploading to fal Storage";

        private FalSession? _session;
        private bool _aFileWasSent;
        private int _filesSent;

        /// <summary>Files to upload; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathParameterSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathTicketParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to upload, taken as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathTicketParameterSet)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The MIME type for every file, instead of the one inferred from its extension.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ArgumentCompleter(typeof(ContentTypeCompleter))]
        public string? ContentType { get; set; }

        /// <summary>The name on the CDN, instead of the file's own; for a single file.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? FileName { get; set; }

        /// <summary>How long the files stay on the CDN: 1h, 1d, 7d, 30d, 1y, never, or a TimeSpan.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ExpiresInCompleter))]
        public FalLifetime? ExpiresIn { get; set; }

        /// <summary>An upload already initiated by Request-FalUpload; the file is PUT to its URL.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathTicketParameterSet)]
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathTicketParameterSet)]
        [ValidateNotNull]
        public FalUploadTicket? Ticket { get; set; }

        private bool IsLiteral => ParameterSetName == LiteralPathParameterSet || ParameterSetName == LiteralPathTicketParameterSet;

        // A ticket carries the session that issued it; otherwise resolve one before the first file.
        protected override void BeginProcessing() => _session = Ticket?.Session ?? ResolveSession();

        protected override void ProcessRecord()
        {
            foreach (var path in IsLiteral ? LiteralPath : Path)
            {
                var files = ResolveFiles(path);
                if ((FileName != null || Ticket != null) && (files.Count > 1 || _aFileWasSent))
                {
                    foreach (var file in files)
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException($"-{(Ticket != null ? "Ticket" : "FileName")} is for a single file, and '{file}' would be another. Upload the other files in a separate call."),
                            ErrorIds.SingleFileOnly,
                            ErrorCategory.InvalidArgument,
                            file));
                    }

                    continue;
                }

                foreach (var file in files)
                {
                    Upload(file);
                }
            }
        }

        protected override void EndProcessing()
        {
            WriteProgress(new ProgressRecord(0, Activity, $"{_filesSent} file(s) uploaded") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>Files the path names; each path that names none gets its error here.</summary>
        private List<string> ResolveFiles(string path)
        {
            var files = new List<string>();
            ProviderInfo provider;
            IEnumerable<string> resolved;
            try
            {
                resolved = IsLiteral
                    ? new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) }
                    : SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                return files;
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"'{path}' is on the {provider.Name} provider: only files on the FileSystem provider can be uploaded."),
                    ErrorIds.NotFileSystemPath,
                    ErrorCategory.InvalidArgument,
                    path));
                return files;
            }

            foreach (var file in resolved)
            {
                if (Directory.Exists(file))
                {
                    WriteError(new ErrorRecord(
                        new ArgumentException($"'{file}' is a directory. To upload the files in it, pipe them: Get-ChildItem -File '{file}' | Send-FalAsset"),
                        ErrorIds.PathIsDirectory,
                        ErrorCategory.InvalidArgument,
                        file));
                }
                else if (!File.Exists(file))
                {
                    WriteError(new ErrorRecord(
                        new FileNotFoundException($"Cannot find the file '{file}'.", file), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, file));
                }
                else
                {
                    files.Add(file);
                }
            }

            if (files.Count == 0 && WildcardPattern.ContainsWildcardCharacters(path) && !IsLiteral)
            {
                WriteError(new ErrorRecord(
                    new FileNotFoundException($"No file matches '{path}'.", path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }

            return files;
        }

        private void Upload(string path)
        {
            var session = _session!;
            var fileName = FileName ?? System.IO.Path.GetFileName(path);
            var contentType = Ticket?.ContentType ?? ContentType ?? ContentTypes.InferFromFileName(fileName);
            if (!ShouldProcess(path, $"Upload to {session.Endpoint} as '{fileName}' ({contentType})"))
            {
                return;
            }

            if (Ticket != null && !Ticket.TryClaim())
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The ticket for '{Ticket.FileName}' has already been used. Request a new one with Request-FalUpload."),
                    ErrorIds.TicketAlreadyUsed,
                    ErrorCategory.InvalidOperation,
                    path));
                return;
            }

            _aFileWasSent = true;
            WriteProgress(new ProgressRecord(0, Activity, $"{fileName} ({_filesSent} file(s) uploaded)") { CurrentOperation = path });
            try
            {
                var target = Ticket != null
                    ? new UploadTarget(new Uri(Ticket.UploadUrl), new Uri(Ticket.FileUrl))
                    : InitiateUpload(session, fileName, contentType);
                WriteVerbose($"PUT '{path}' to {FalStorageClient.Describe(target.UploadUrl)} ({contentType}).");
                var length = Await(session.Client.UploadFileAsync(target.UploadUrl, path, contentType, CancelToken));
                _filesSent++;
                WriteObject(new FalAsset(target.FileUrl.AbsoluteUri, fileName, contentType, length, path));
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell ends the pipeline itself.
            }
            catch (Exception ex) when (ex is FalApiException || ex is FalTransportException || ex is IOException || ex is UnauthorizedAccessException)
            {
                Ticket?.Release();
                ReportFailure(ex, path);
            }
        }

        private UploadTarget InitiateUpload(FalSession session, string fileName, string contentType)
        {
            WriteVerbose($"POST {session.Endpoint} storage/upload/initiate: file_name '{fileName}', content_type '{contentType}'.");
            return Await(session.Client.InitiateUploadAsync(fileName, contentType, ExpiresIn, CancelToken));
        }
    }
}
