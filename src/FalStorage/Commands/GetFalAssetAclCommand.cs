using System;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>Get-FalAssetAcl: who may read a file on fal's CDN (fal's Platform API, the key's assets:read).</summary>
    [Cmdlet(VerbsCommon.Get, "FalAssetAcl", HelpUri = HelpLinks.GetFalAssetAcl)]
    [OutputType(typeof(FalAcl))]
    public sealed class GetFalAssetAclCommand : FalFileCmdlet
    {
        private protected override void ProcessFile(FalSession session, Uri fileUrl) =>
            WriteObject(WithRetries($"Reading the ACL of {fileUrl}", token => session.Platform.GetAclAsync(fileUrl, token)));
    }
}
