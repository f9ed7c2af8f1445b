namespace FalStorage.Core.Api
{
    /// <summary>Which request of an upload (or a download) the service refused (see <see cref="FalApiException"/>).</summary>
    internal enum FalOperation
    {
        /// <summary>POST /storage/auth/token: the CDN token.</summary>
        Token,

        /// <summary>Initiate (signed-URL flow), or the start of a multipart upload under a CDN token.</summary>
        Initiate,
        Upload,
        Part,
        Complete,
        Verify,

        /// <summary>A GET of a file Save-FalAsset downloads, from the CDN or any other host.</summary>
        Download,
    }
}
