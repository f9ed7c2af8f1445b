using System;
using FalStorage.Core.Api;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// A server refused an anonymous download (401, 403) and it is not the session's CDN host, the only one the
    /// session's credentials go to.
    /// </summary>
    internal sealed class CredentialsWithheldException : Exception
    {
        public CredentialsWithheldException(FalApiException refusal, string cdnHost)
            : base($"{Sentence.End(refusal.Message)} The file needs credentials, and the session's go only to its own CDN ({cdnHost}), never to another host. If it is your file, download it by its URL on {cdnHost}, or through a signed link.", refusal)
        {
        }
    }
}
