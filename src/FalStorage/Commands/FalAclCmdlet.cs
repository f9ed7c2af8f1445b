using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>A cmdlet that gives what it makes (an upload, the account's defaults) an ACL: -Access, -AllowUser or -Acl.</summary>
    public abstract class FalAclCmdlet : FalSessionCmdlet
    {
        /// <summary>Who may read it by its URL: Public, Private (403 to others) or Hidden (404 to others). Without it (and -AllowUser, -Acl), the account's default.</summary>
        [Parameter]
        public FalAccess? Access { get; set; }

        /// <summary>Users (fal nicknames or user ids) who may read it whatever -Access says; alone, it makes it Private.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AllowUser { get; set; }

        /// <summary>The whole ACL, with rules of any decision: a FalAcl (from Get-FalAssetAcl) or a hashtable such as @{ Default = 'Forbid'; Rules = @(@{ User = 'bob'; Decision = 'Allow' }) }.</summary>
        [Parameter]
        [AclTransformation]
        public FalAcl? Acl { get; set; }

        /// <summary>The ACL the parameters ask for; null when none was given.</summary>
        private protected FalAcl? RequestedAcl() => AclParameters.Resolve(Access, AllowUser, Acl, this);
    }
}
