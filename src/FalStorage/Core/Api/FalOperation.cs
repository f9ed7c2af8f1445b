namespace FalStorage.Core.Api
{
    /// <summary>Which request of an upload the service refused (see <see cref="FalApiException"/>).</summary>
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
    }
}
