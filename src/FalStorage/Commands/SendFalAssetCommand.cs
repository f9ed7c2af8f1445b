using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using FalStorage.Core;
using FalStorage.Core.Api;
using FalStorage.Core.Index;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;
using Microsoft.PowerShell.Commands;

namespace FalStorage.Commands
{
    /// <summary>
    /// Send-FalAsset: uploads files to the fal CDN and emits one FalAsset per file, in input order.
    /// Uploads run concurrently on worker tasks; everything PowerShell sees (objects, errors, verbose,
    /// progress) is written here, on the pipeline thread, the only one allowed to.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "FalAsset", HelpUri = HelpLinks.SendFalAsset, DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FalAsset))]
    public sealed class SendFalAssetCommand : FalTransferCmdlet
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";
        private const string PathTicketParameterSet = "PathTicket";
        private const string LiteralPathTicketParameterSet = "LiteralPathTicket";
        private const string ContentParameterSet = "Content";

        private FalSession? _session;
        private IUploadStage? _uploads;
        private InputOrderQueue<(UploadRequest Request, string Target), UploadResult>? _pending;
        private UploadIndex? _index;
        private FalAcl? _acl;
        private ProgressReporter? _progress;
        private readonly List<string> _singleFileCandidates = new List<string>();

        /// <summary>Files to upload; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathParameterSet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathTicketParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Bytes to upload instead of a file: a [byte[]], a string (as UTF-8) or a readable stream (from its position, left open). By parameter only.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContentParameterSet)]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object? Content { get; set; }

        /// <summary>Files to upload, taken as written; Get-ChildItem output binds here through PSPath.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathTicketParameterSet)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The MIME type for every file, instead of the one inferred from its extension (empty or blank: inferred).</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ArgumentCompleter(typeof(ContentTypeCompleter))]
        public string? ContentType { get; set; }

        /// <summary>The name on the CDN, instead of the file's own; for a single file. Required with -Content.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(Mandatory = true, ParameterSetName = ContentParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? FileName { get; set; }

        /// <summary>How long the files stay on the CDN: 1h, 1d, 7d, 30d, 1y, never, or a TimeSpan.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ExpiresInCompleter))]
        public FalLifetime? ExpiresIn { get; set; }

        /// <summary>Who may read the file by its URL: Public, Private (403 to others) or Hidden (404 to others). Without it (and -AllowUser, -Acl), the account's default.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        public FalAccess? Access { get; set; }

        /// <summary>Users (fal nicknames or user ids) who may read the file whatever -Access says; alone, it makes the file Private.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[]? AllowUser { get; set; }

        /// <summary>The whole ACL, with rules of any decision: a FalAcl (from Get-FalAssetAcl) or a hashtable such as @{ Default = 'Forbid'; Rules = @(@{ User = 'bob'; Decision = 'Allow' }) }.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [AclTransformation]
        public FalAcl? Acl { get; set; }

        /// <summary>How the files go up, instead of the session's flow: Auto, CdnToken or SignedUrl. A ticket is always a signed URL.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        public FalUploadFlow? UploadFlow { get; set; }

        /// <summary>Files larger than this are uploaded in parts.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ValidateRange(TransferOptions.MinimumPartSize, long.MaxValue)]
        public long MultipartThreshold { get; set; } = TransferOptions.DefaultMultipartThreshold;

        /// <summary>The size of each part of a multipart upload.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ValidateRange(TransferOptions.MinimumPartSize, TransferOptions.MaximumPartSize)]
        public long PartSize { get; set; } = TransferOptions.DefaultPartSize;

        /// <summary>Files whose bytes already went up under the same name, and are still served, are not sent again.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        public SwitchParameter SkipUnchanged { get; set; }

        /// <summary>The upload index -SkipUnchanged uses, instead of FAL_UPLOAD_INDEX or the user's own.</summary>
        [Parameter(ParameterSetName = PathParameterSet)]
        [Parameter(ParameterSetName = LiteralPathParameterSet)]
        [Parameter(ParameterSetName = ContentParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? IndexPath { get; set; }

        /// <summary>An upload already initiated by Request-FalUpload; the file is PUT to its URL.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathTicketParameterSet)]
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathTicketParameterSet)]
        [ValidateNotNull]
        [LiveObjectTransformation(typeof(FalUploadTicket))]
        public FalUploadTicket? Ticket { get; set; }

        private bool IsLiteral => ParameterSetName == LiteralPathParameterSet || ParameterSetName == LiteralPathTicketParameterSet;

        private bool IsWhatIf => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? ((SwitchParameter)whatIf).IsPresent
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>-FileName and -Ticket name one upload, so they take exactly one file.</summary>
        private bool IsForOneFile => FileName != null || Ticket != null;

        protected override void BeginProcessing()
        {
            // A ticket carries the session that issued it, and the ACL it was requested with; otherwise resolve one before the first file.
            _session = Ticket?.Session ?? ResolveSession();
            _acl = Ticket != null ? Ticket.Acl : AclParameters.Resolve(Access, AllowUser, Acl, this);
            var options = NewTransferOptions();
            options.UploadFlow = UploadFlow ?? _session.UploadFlow;
            options.MultipartThreshold = MultipartThreshold;
            options.PartSize = PartSize;
            // -WhatIf sends nothing, so it reads and writes no index either.
            if (SkipUnchanged && !IsWhatIf)
            {
                _index = UploadIndexPath.LoadForSkipUnchanged(this, IndexPath);
            }

            var ticket = Ticket == null ? null : new UploadTarget(new Uri(Ticket.UploadUrl), new Uri(Ticket.FileUrl));
            _uploads = UploadStages.For(new CommandTransfer(_session.Client, options, Monitor, _session.Platform), ticket, _index);
            _pending = new InputOrderQueue<(UploadRequest, string), UploadResult>(options.Throttle.PendingFiles);
            _progress = NewProgressReporter(ProgressReporter.UploadActivity);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ContentParameterSet)
            {
                EnqueueContent();
                return;
            }

            foreach (var path in IsLiteral ? LiteralPath : Path)
            {
                foreach (var file in FileSystemPaths.Resolve(SessionState.Path, path, IsLiteral, WriteError))
                {
                    if (IsForOneFile)
                    {
                        // Held until the input ends: only then is it known whether there is one file.
                        _singleFileCandidates.Add(file);
                        continue;
                    }

                    EnqueueFile(file);

                    // Results stream while input still arrives.
                    WriteFinished(waitForAll: false);
                }
            }
        }

        protected override void EndProcessing()
        {
            ReleaseSingleFile(_singleFileCandidates, EnqueueFile, file => file, Ticket != null ? "Ticket" : "FileName", "Nothing was uploaded; upload them in separate calls.");

            WriteFinished(waitForAll: true);
            _progress!.WriteCompleted();
            SaveIndex();
        }

        /// <summary>What this command uploaded joins the index (a stopped command saves nothing: those files are simply sent again).</summary>
        private void SaveIndex()
        {
            if (_index == null)
            {
                return;
            }

            var warnings = new List<string>();
            _index.Save(warnings, DateTimeOffset.Now);
            warnings.ForEach(WriteWarning);
        }

        private void EnqueueFile(string path)
        {
            var fileName = Ticket?.FileName ?? FileName ?? System.IO.Path.GetFileName(path);
            var contentType = Ticket?.ContentType ?? MimeTypes.GivenOrInferred(ContentType, fileName);
            if (!ShouldProcess(path, $"Upload to {_session!.Endpoint} as '{fileName}' ({contentType})"))
            {
                return;
            }

            FileSource source;
            try
            {
                source = FileSource.Open(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ReportFailure(ex, path);
                return;
            }

            Enqueue(source, path, fileName, contentType);
        }

        /// <summary>-Content: one upload of the bytes, string or stream given, named by -FileName.</summary>
        private void EnqueueContent()
        {
            var fileName = FileName!;
            var value = Content is PSObject wrapped ? wrapped.BaseObject : Content;
            var unsupported = ContentParameter.Unsupported(value);
            if (unsupported != null)
            {
                ThrowTerminatingError(new ErrorRecord(unsupported, ErrorIds.InvalidContent, ErrorCategory.InvalidArgument, Content));
            }

            var contentType = value is string ? MimeTypes.ForText(ContentType, fileName) : MimeTypes.GivenOrInferred(ContentType, fileName);
            if (!ShouldProcess($"-Content ({ContentParameter.Describe(value)})", $"Upload to {_session!.Endpoint} as '{fileName}' ({contentType})"))
            {
                return;
            }

            UploadSource source;
            try
            {
                source = ContentParameter.ToSource(value, fileName, Math.Min(MultipartThreshold, PartSize), CancelToken);
            }
            catch (ArgumentException ex)
            {
                // A stream that cannot be read.
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidContent, ErrorCategory.InvalidArgument, Content));
                return;
            }
            catch (SourceReadException ex)
            {
                ReportFailure(ex, fileName);
                return;
            }

            Enqueue(source, fileName, fileName, contentType);
        }

        /// <summary>Starts one upload; <paramref name="target"/> is what its errors name (a path, or -Content's name).</summary>
        private void Enqueue(UploadSource source, string target, string fileName, string contentType)
        {
            var session = _session!;
            if (Ticket != null && !Ticket.TryClaim())
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"The ticket for '{Ticket.FileName}' has already been used. Request a new one with Request-FalUpload."),
                    ErrorIds.TicketAlreadyUsed,
                    ErrorCategory.InvalidOperation,
                    target));
                return;
            }

            WriteVerbose($"Uploading {source.Description} as '{fileName}' ({contentType}) to {(Ticket == null ? session.Endpoint.ToString() : SafeUrl.Describe(new Uri(Ticket.UploadUrl)))}{(_index == null ? "" : ", unless it is unchanged since an upload the index remembers")}.");
            var request = new UploadRequest(source, fileName, contentType, Ticket?.Lifetime ?? ExpiresIn) { Acl = _acl };
            _pending!.Add((request, target), _uploads!.UploadAsync(request, CancelToken));
        }

        /// <summary>Writes the outcomes of the uploads done so far (or, at the end, of all), in input order.</summary>
        private void WriteFinished(bool waitForAll) => _pending!.WriteFinished(waitForAll, WriteOutcome, WriteMessagesAndProgress, CancelToken);

        private void WriteOutcome((UploadRequest Request, string Target) upload, Task<UploadResult> outcome)
        {
            if (outcome.IsCanceled)
            {
                return;
            }

            if (outcome.IsFaulted)
            {
                Ticket?.Release();

                // The retries and renewals that led to the failure show before it, even when it stops the command.
                WriteReportedMessages();
                ReportFailure(outcome.Exception!.InnerException!, upload.Target);
                return;
            }

            var request = upload.Request;
            var result = outcome.Result;
            var verifiedSha256 = result.Verified ? result.Sha256 : null;
            WriteObject(new FalAsset(result.FileUrl.AbsoluteUri, request.FileName, request.ContentType, result.Length, request.Source.SourcePath, verifiedSha256, result.ExpiresAt, result.Reused, request.Acl));
        }

        private void WriteMessagesAndProgress()
        {
            WriteReportedMessages();
            _progress!.WriteIfDue();
        }
    }
}
