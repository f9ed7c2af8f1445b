using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using FalStorage.Core.Credentials;

namespace FalStorage.Commands
{
    /// <summary>Connect-FalStorage: opens a session and makes it the default of the current runspace.</summary>
    [Cmdlet(VerbsCommunications.Connect, "FalStorage", HelpUri = HelpLinks.ConnectFalStorage, DefaultParameterSetName = KeyParameterSet)]
    [OutputType(typeof(FalSession))]
    public sealed class ConnectFalStorageCommand : FalCmdlet
    {
        private const string KeyParameterSet = "Key";
        private const string CredentialParameterSet = "Credential";

        /// <summary>The fal key; without it (and without -Credential) the environment is read.</summary>
        [Parameter(Position = 0, ParameterSetName = KeyParameterSet)]
        [SecureStringTransformation]
        public SecureString? Key { get; set; }

        /// <summary>A key as an id/secret pair: user name is the key id, password the key secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialParameterSet)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>The fal REST endpoint, or the local emulator's address.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EndpointCompleter))]
        public string? Endpoint { get; set; }

        /// <summary>fal's Platform API (ACLs, signed links, settings), when not the one that goes with -Endpoint: https://api.fal.ai/v1 for fal's hosts, &lt;endpoint&gt;/v1 for any other.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PlatformEndpoint { get; set; }

        /// <summary>How Send-FalAsset uploads through the session: Auto (the CDN token flow where offered, else signed URLs), CdnToken or SignedUrl.</summary>
        [Parameter]
        public FalUploadFlow UploadFlow { get; set; } = FalUploadFlow.Auto;

        protected override void EndProcessing() => WriteObject(OpenSession(ReadCredential(), Endpoint, UploadFlow, PlatformEndpoint));

        /// <summary>The key given as a parameter, or null to read the environment.</summary>
        private FalCredential? ReadCredential()
        {
            try
            {
                if (ParameterSetName == CredentialParameterSet)
                {
                    return FalCredential.FromIdAndSecret(Credential.UserName, Credential.GetNetworkCredential().Password, "Credential");
                }

                return Key == null ? null : new FalCredential(new NetworkCredential(string.Empty, Key).Password, "Parameter");
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.NoCredentials, ErrorCategory.InvalidArgument, null));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
