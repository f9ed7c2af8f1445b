namespace FalStorage
{
    /// <summary>How Send-FalAsset sends a file's bytes to fal Storage.</summary>
    public enum FalUploadFlow
    {
        /// <summary>The CDN token flow when the service offers it, else signed URLs; the session asks once and remembers.</summary>
        Auto,

        /// <summary>A CDN token fetched once per session, then each file in one request straight to the CDN (fal's Python client's path).</summary>
        CdnToken,

        /// <summary>The OpenAPI file's flow: initiate each file for a signed URL, then PUT the bytes to it (two requests per file).</summary>
        SignedUrl,
    }
}
