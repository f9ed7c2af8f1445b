using System;

namespace FalStorage.Core
{
    /// <summary>URLs as messages may show them.</summary>
    internal static class SafeUrl
    {
        /// <summary>A URL without its query: a signed URL's query holds the signature, which is as good as a key.</summary>
        public static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path);
    }
}
