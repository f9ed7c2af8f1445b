using System;

namespace FalStorage.Core.Api
{
    /// <summary>Where to PUT a file's bytes, and where they will be served from afterwards.</summary>
    internal sealed class UploadTarget
    {
        public UploadTarget(Uri uploadUrl, Uri fileUrl)
        {
            UploadUrl = uploadUrl;
            FileUrl = fileUrl;
        }

        public Uri UploadUrl { get; }

        public Uri FileUrl { get; }
    }
}
