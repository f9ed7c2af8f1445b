using System;
using System.Linq;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Set-FalAssetAcl: replaces the ACL of a file on fal's CDN (no merge: what is not given is gone), emits it as the
    /// service applied it, and warns when the service dropped rules (users it does not know).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "FalAssetAcl", HelpUri = HelpLinks.SetFalAssetAcl, DefaultParameterSetName = AccessParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FalAcl))]
    public sealed class SetFalAssetAclCommand : FalFileCmdlet
    {
        // Something to set is required, and -Acl says everything alone: the parameter sets say so at binding.
        private const string AccessParameterSet = "Access";
        private const string AllowUserParameterSet = "AllowUser";
        private const string AclParameterSet = "Acl";
        private FalAcl? _acl;

        /// <summary>Who may read the file by its URL: Public, Private (403 to others) or Hidden (404 to others).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessParameterSet)]
        [Parameter(ParameterSetName = AllowUserParameterSet)]
        public FalAccess? Access { get; set; }

        /// <summary>Users (fal nicknames or user ids) who may read the file whatever -Access says; alone, it makes the file Private.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllowUserParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[]? AllowUser { get; set; }

        /// <summary>The whole ACL: a FalAcl (from Get-FalAssetAcl) or a hashtable.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AclParameterSet)]
        [AclTransformation]
        [ValidateNotNull]
        public FalAcl? Acl { get; set; }

        protected override void BeginProcessing()
        {
            _acl = AclParameters.Resolve(Access, AllowUser, Acl, this);
            base.BeginProcessing();
        }

        private protected override void ProcessFile(FalSession session, Uri fileUrl)
        {
            var acl = _acl!;
            if (!ShouldProcess(fileUrl.AbsoluteUri, $"Replace the ACL with: {acl}"))
            {
                return;
            }

            var applied = WithRetries($"Changing the ACL of {fileUrl}", token => session.Platform.SetAclAsync(fileUrl, acl, token));
            var dropped = applied.Dropped(acl);
            if (dropped.Count > 0)
            {
                WriteWarning(
                    $"fal dropped {dropped.Count} rule(s) of the ACL of {fileUrl}: {string.Join(", ", dropped.Select(rule => rule.ToString()))}. " +
                    "fal drops rules naming users it does not know: check the nicknames or user ids. The ACL emitted is the one applied.");
            }

            WriteObject(applied);
        }
    }
}
