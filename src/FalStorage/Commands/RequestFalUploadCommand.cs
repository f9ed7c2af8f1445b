using System;
using System.Management.Automation;
using FalStorage.Core;
using FalStorage.Core.Api;
using FalStorage.Core.Http;
using FalStorage.Core.Transfer;

namespace FalStorage.Commands
{
    /// <summary>Request-FalUpload: initiates an upload and emits the ticket (signed upload URL and final file URL).</summary>
    [Cmdlet(VerbsLifecycle.Request, "FalUpload", HelpUri = HelpLinks.RequestFalUpload, SupportsShouldProcess = true)]
    [OutputType(typeof(FalUploadTicket))]
    public sealed class RequestFalUploadCommand : FalSessionCmdlet
    {
        /// <summary>The name the file will have on the CDN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        public string FileName { get; set; } = string.Empty;

        /// <summary>The MIME type; inferred from the file name when not given, empty or blank.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ContentTypeCompleter))]
        public string? ContentType { get; set; }

        /// <summary>How long the file stays on the CDN: 1h, 1d, 7d, 30d, 1y, never, or a TimeSpan.</summary>
        [Parameter]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ExpiresInCompleter))]
        public FalLifetime? ExpiresIn { get; set; }

        /// <summary>Who may read the file by its URL: Public, Private (403 to others) or Hidden (404 to others). Without it (and -AllowUser, -Acl), the account's default.</summary>
        [Parameter]
        public FalAccess? Access { get; set; }

        /// <summary>Users (fal nicknames or user ids) who may read the file whatever -Access says; alone, it makes the file Private.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AllowUser { get; set; }

        /// <summary>The whole ACL, with rules of any decision: a FalAcl (from Get-FalAssetAcl) or a hashtable such as @{ Default = 'Forbid'; Rules = @(@{ User = 'bob'; Decision = 'Allow' }) }.</summary>
        [Parameter]
        [AclTransformation]
        public FalAcl? Acl { get; set; }

        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var acl = AclParameters.Resolve(Access, AllowUser, Acl, this);
            var contentType = MimeTypes.GivenOrInferred(ContentType, FileName);
            if (!ShouldProcess(FileName, $"Request an upload URL from {session.Endpoint} ({contentType})"))
            {
                return;
            }

            WriteVerbose($"POST {session.Endpoint} storage/upload/initiate: file_name '{FileName}', content_type '{contentType}'.");
            try
            {
                // One request, retried as an upload's are; no transfer to build for it.
                var target = WithRetries(
                    $"Initiating the upload of '{FileName}'",
                    token => session.Client.InitiateUploadAsync(FileName, contentType, ExpiresIn, acl, multipart: false, token));
                WriteObject(new FalUploadTicket(session, FileName, contentType, target.UploadUrl, target.FileUrl, ExpiresIn, acl));
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell ends the pipeline itself.
            }
            catch (Exception ex) when (ex is FalApiException || ex is FalTransportException)
            {
                ReportFailure(ex, FileName);
            }
            finally
            {
                WriteReportedMessages();
            }
        }
    }
}
