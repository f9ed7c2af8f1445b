using System;
using FalStorage.Core;

namespace FalStorage
{
    /// <summary>
    /// A connection to one fal Storage endpoint with one key. The key itself is never exposed:
    /// properties, ToString() and formatting show it masked.
    /// </summary>
    public sealed class FalSession
    {
        internal FalSession(FalStorageClient client)
        {
            Client = client;
            ConnectedAt = DateTimeOffset.Now;
        }

        public Uri Endpoint => Client.Endpoint;

        /// <summary>The key with all but its last four characters hidden.</summary>
        public string MaskedKey => Client.Credential.Masked;

        /// <summary>Where the key came from: Parameter, Credential or an environment variable.</summary>
        public string KeySource => Client.Credential.Source;

        public DateTimeOffset ConnectedAt { get; }

        internal FalStorageClient Client { get; }

        public override string ToString() => $"{Endpoint} (key {MaskedKey})";
    }
}
