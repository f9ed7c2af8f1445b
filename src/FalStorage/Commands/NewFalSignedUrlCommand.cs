using System;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// New-FalSignedUrl: a time-limited link that reads a file on fal's CDN whatever its ACL, with no credentials
    /// (fal's Platform API, the key's assets:read). The link is a credential: it is emitted, and never written
    /// anywhere else.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "FalSignedUrl", HelpUri = HelpLinks.NewFalSignedUrl, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FalSignedUrl))]
    public sealed class NewFalSignedUrlCommand : FalFileCmdlet
    {
        /// <summary>How long the link works: 1 second to 7 days (1h, 1d, 7d, 90m, or a TimeSpan).</summary>
        [Parameter]
        [ValidateNotNull]
        [SignedLinkLifetime]
        [ArgumentCompleter(typeof(SignedLinkLifetimeCompleter))]
        public FalLifetime ExpiresIn { get; set; } = FalLifetime.Parse("1h");

        private protected override void ProcessFile(FalSession session, Uri fileUrl)
        {
            var duration = ExpiresIn.Duration!.Value;
            if (!ShouldProcess(fileUrl.AbsoluteUri, $"Sign a link that reads it for {ExpiresIn}"))
            {
                return;
            }

            var signed = WithRetries($"Signing a link to {fileUrl}", token => session.Platform.SignAsync(fileUrl, duration, token));
            WriteObject(new FalSignedUrl(signed.AbsoluteUri, fileUrl.AbsoluteUri, DateTimeOffset.Now + duration));
        }
    }
}
