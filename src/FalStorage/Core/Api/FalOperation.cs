namespace FalStorage.Core.Api
{
    /// <summary>Which request the service refused (see <see cref="FalApiException"/>): one of an upload, of a download, or of the Platform API.</summary>
    internal enum FalOperation
    {
        /// <summary>POST /storage/auth/token: the CDN token.</summary>
        Token,

        /// <summary>Initiate (signed-URL flow), or the start of a multipart upload under a CDN token.</summary>
        Initiate,
        Upload,
        Part,
        Complete,

        /// <summary>A read of the CDN: -Verify's and -SkipUnchanged's read-back.</summary>
        Verify,

        /// <summary>GET /v1/storage/files/acl (Platform API, the key's assets:read).</summary>
        ReadAcl,

        /// <summary>PUT /v1/storage/files/acl (assets:write).</summary>
        ChangeAcl,

        /// <summary>POST /v1/storage/files/sign (assets:read).</summary>
        Sign,

        /// <summary>GET /v1/storage/settings (account:settings:read).</summary>
        ReadSettings,

        /// <summary>PUT /v1/storage/settings (account:settings:write).</summary>
        ChangeSettings,

        /// <summary>A GET of a file Save-FalAsset downloads, from the CDN or any other host.</summary>
        Download,
    }
}
