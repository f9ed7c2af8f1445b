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
    public sealed class RequestFalUploadCommand : FalAclCmdlet
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


        protected override void ProcessRecord()
        {
            var session = ResolveSession();
            var acl = RequestedAcl();
            var contentType = MimeTypes.GivenOrInferred(ContentType, FileName);
            if (!ShouldProcess(FileName, $"Request an upload URL from {session.Endpoint} ({contentType})"))
            {
                return;
            }

            WriteVerbose($"POST {session.Endpoint} storage/upload/initiate: file_name '{FileName}', content_type '{contentType}'.");
            ForItem(FileName, () =>
            {
                // One request, retried as an upload's are; no transfer to build for it.
                var target = WithRetries(
                    $"Initiating the upload of '{FileName}'",
                    token => session.Client.InitiateUploadAsync(FileName, contentType, ExpiresIn, acl, multipart: false, token));
                WriteObject(new FalUploadTicket(session, FileName, contentType, target.UploadUrl, target.FileUrl, ExpiresIn, acl));
            });
        }
    }
}
