using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Set-FalStorageSetting: changes the account's defaults for new uploads. fal's API replaces the whole object and
    /// resets what is left out, so this reads the settings, changes only what it is given, and writes them back.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "FalStorageSetting", HelpUri = HelpLinks.SetFalStorageSetting, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FalStorageSetting))]
    public sealed class SetFalStorageSettingCommand : FalSessionCmdlet
    {
        /// <summary>How long new uploads live when they ask for nothing: 1h, 1d, 7d, 30d, 1y, a TimeSpan, or never (fal's default).</summary>
        [Parameter]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ExpiresInCompleter))]
        public FalLifetime? ExpiresIn { get; set; }

        /// <summary>Who may read new uploads by URL: Public (fal's default), Private or Hidden.</summary>
        [Parameter]
        public FalAccess? Access { get; set; }

        /// <summary>Users (fal nicknames or user ids) who may read new uploads; alone, new uploads become Private.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? AllowUser { get; set; }

        /// <summary>The whole ACL for new uploads: a FalAcl or a hashtable.</summary>
        [Parameter]
        [AclTransformation]
        public FalAcl? Acl { get; set; }

        protected override void EndProcessing()
        {
            var acl = AclParameters.Resolve(Access, AllowUser, Acl, this);
            if (ExpiresIn == null && acl == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("Give what to change: -ExpiresIn, -Access, -AllowUser or -Acl. Get-FalStorageSetting shows the settings; -ExpiresIn never -Access Public returns to fal's defaults."),
                    ErrorIds.InvalidRequest,
                    ErrorCategory.InvalidArgument,
                    null));
            }

            var session = ResolveSession();
            try
            {
                var before = WithRetries("Reading the account's storage settings", session.Platform.GetSettingsAsync);

                // Public with no rules is fal's default, which the settings say as null.
                var isDefaultAcl = acl != null && acl.Default == FalAclDecision.Allow && acl.Rules.Length == 0;
                var after = new FalStorageSetting(
                    ExpiresIn == null ? before.ExpiresIn : ExpiresIn.Duration,
                    acl == null ? before.Acl : isDefaultAcl ? null : acl);
                if (!ShouldProcess("the account's storage settings", $"Change them from ({before}) to ({after})"))
                {
                    return;
                }

                WriteObject(WithRetries("Changing the account's storage settings", token => session.Platform.SetSettingsAsync(after, token)));
            }
            finally
            {
                WriteReportedMessages();
            }
        }
    }
}
