using System;
using FalStorage.Core.Api;

namespace FalStorage
{
    /// <summary>
    /// A connection to one fal Storage endpoint with one key. The key itself is never exposed:
    /// properties, ToString() and formatting show it masked.
    /// </summary>
    public sealed class FalSession
    {
        internal FalSession(FalStorageClient client, Uri platformEndpoint, FalUploadFlow uploadFlow = FalUploadFlow.Auto)
        {
            Client = client;
            Platform = new PlatformClient(client.Http, platformEndpoint, client.Credential, client.RequestTimeout);
            UploadFlow = uploadFlow;
            ConnectedAt = DateTimeOffset.Now;
        }

        public Uri Endpoint => Client.Endpoint;

        /// <summary>Where the ACL, signed-link and settings cmdlets go: fal's Platform API, or the emulator's /v1.</summary>
        public Uri PlatformEndpoint => Platform.BaseUrl;

        /// <summary>The key with all but its last four characters hidden.</summary>
        public string MaskedKey => Client.Credential.Masked;

        /// <summary>Where the key came from: Parameter, Credential or an environment variable.</summary>
        public string KeySource => Client.Credential.Source;

        /// <summary>How Send-FalAsset uploads through this session, unless its -UploadFlow says otherwise.</summary>
        public FalUploadFlow UploadFlow { get; }

        public DateTimeOffset ConnectedAt { get; }

        internal FalStorageClient Client { get; }

        internal PlatformClient Platform { get; }

        public override string ToString() => $"{Endpoint} (key {MaskedKey})";
    }
}
