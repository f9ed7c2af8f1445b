using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// Set-FalStorageSetting: changes the account's defaults for new uploads. fal's API replaces the whole object and
    /// resets what is left out, so this reads the settings, changes only what it is given, and writes them back.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "FalStorageSetting", HelpUri = HelpLinks.SetFalStorageSetting, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FalStorageSetting))]
    public sealed class SetFalStorageSettingCommand : FalAclCmdlet
    {
        /// <summary>How long new uploads live when they ask for nothing: 1h, 1d, 7d, 30d, 1y, a TimeSpan, or never (fal's default).</summary>
        [Parameter]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ExpiresInCompleter))]
        public FalLifetime? ExpiresIn { get; set; }

        protected override void EndProcessing()
        {
            var acl = RequestedAcl();
            if (ExpiresIn == null && acl == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException("Give what to change: -ExpiresIn, -Access, -AllowUser or -Acl. Get-FalStorageSetting shows the settings; -ExpiresIn never -Access Public returns to fal's defaults."),
                    ErrorIds.InvalidRequest,
                    ErrorCategory.InvalidArgument,
                    null));
            }

            var session = ResolveSession();
            ForItem(session.PlatformEndpoint, () => Change(session, acl));
        }

        /// <summary>Reads the settings, changes what was given, and writes them back (fal's API replaces them whole).</summary>
        private void Change(FalSession session, FalAcl? acl)
        {
            var before = WithRetries("Reading the account's storage settings", session.Platform.GetSettingsAsync);

            // Public with no rules is fal's default, which the settings say as null.
            var isDefaultAcl = acl != null && acl.Default == FalAclDecision.Allow && acl.Rules.Length == 0;
            var after = new FalStorageSetting(
                ExpiresIn == null ? before.ExpiresIn : ExpiresIn.Duration,
                acl == null ? before.Acl : isDefaultAcl ? null : acl);
            if (ShouldProcess("the account's storage settings", $"Change them from ({before}) to ({after})"))
            {
                WriteObject(WithRetries("Changing the account's storage settings", token => session.Platform.SetSettingsAsync(after, token)));
            }
        }
    }
}
