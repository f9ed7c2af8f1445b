using System;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;

namespace FalStorage.Core.Uploads
{
    /// <summary>What a HEAD found at an upload's URL, and how it was read: the URL itself or a signed link to it, with the session's CDN token or none.</summary>
    internal sealed record ServedFile(ServedHead Head, Uri ReadUrl, CdnTokenLease? Token);
}
