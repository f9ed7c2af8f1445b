using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>Get-FalStorageSetting: the account's defaults for new uploads, their lifetime and ACL (fal's Platform API, the key's account:settings:read).</summary>
    [Cmdlet(VerbsCommon.Get, "FalStorageSetting", HelpUri = HelpLinks.GetFalStorageSetting)]
    [OutputType(typeof(FalStorageSetting))]
    public sealed class GetFalStorageSettingCommand : FalSessionCmdlet
    {
        protected override void EndProcessing()
        {
            var session = ResolveSession();
            ForItem(session.PlatformEndpoint, () => WriteObject(WithRetries("Reading the account's storage settings", session.Platform.GetSettingsAsync)));
        }
    }
}
