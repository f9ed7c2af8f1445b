using System;
using System.Management.Automation;
using FalStorage.Core;

namespace FalStorage.Commands
{
    /// <summary>
    /// A cmdlet about files already on fal's CDN, named by URL: -Url, or from the pipeline a FalAsset, a URL string or
    /// any object with a Url property (a model's File objects). Each URL is its own item: one that fails is its error,
    /// and the rest go on.
    /// </summary>
    public abstract class FalFileCmdlet : FalSessionCmdlet
    {
        private FalSession? _session;

        /// <summary>The file's URL, as an upload returned it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FileUrl")]
        [ValidateNotNullOrEmpty]
        public string[] Url { get; set; } = Array.Empty<string>();

        protected override void BeginProcessing() => _session = ResolveSession();

        protected override void ProcessRecord()
        {
            foreach (var text in Url)
            {
                var isUrl = Uri.TryCreate(text, UriKind.Absolute, out var url);
                if (!isUrl || (url!.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Query.Length > 0)
                {
                    // A signed link given here is not repeated: its query is a credential.
                    var shown = isUrl ? SafeUrl.Describe(url!) + (url!.Query.Length > 0 ? "?..." : string.Empty) : text;
                    WriteError(new ErrorRecord(
                        new ArgumentException($"'{shown}' is not the URL of a file on fal's CDN: give it as an upload returned it (a FalAsset's FileUrl), an http or https URL without a query string."),
                        ErrorIds.NotAFileUrl,
                        ErrorCategory.InvalidArgument,
                        shown));
                    continue;
                }

                ForItem(text, () => ProcessFile(_session!, url));
            }
        }

        /// <summary>Does the cmdlet's work for one file, on the pipeline thread.</summary>
        private protected abstract void ProcessFile(FalSession session, Uri fileUrl);
    }
}
