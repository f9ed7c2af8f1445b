using System;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>New-FalSignedUrl -ExpiresIn: fal signs links for 1 second to 7 days; anything else is refused before a request is made.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class SignedLinkLifetimeAttribute : ValidateArgumentsAttribute
    {
        public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var lifetime = (arguments is PSObject wrapped ? wrapped.BaseObject : arguments) as FalLifetime;
            if (lifetime?.Duration is not TimeSpan duration || duration < TimeSpan.FromSeconds(1) || duration > Longest)
            {
                throw new ValidationMetadataException(
                    $"A signed link lives from 1 second to 7 days (7d, 168h, 604800s), not '{lifetime}': fal signs no longer link. To share a file for longer, give the user a rule instead (Set-FalAssetAcl -AllowUser).");
            }
        }
    }
}
