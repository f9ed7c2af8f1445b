using System;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>What -Access, -AllowUser and -Acl ask for together, where a cmdlet takes them.</summary>
    internal static class AclParameters
    {
        /// <summary>
        /// The ACL they describe; null when none was given. -AllowUser alone restricts the file to those users
        /// (Private): allowing particular users means nothing on a public file. -Acl says everything itself, so it
        /// goes with neither of the others.
        /// </summary>
        public static FalAcl? Resolve(FalAccess? access, string[]? allowUsers, FalAcl? acl, Cmdlet cmdlet)
        {
            if (acl != null && (access != null || allowUsers != null))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-Acl gives the whole ACL, so it does not go with -Access or -AllowUser: put the users in its Rules, or use -Access and -AllowUser alone."),
                    ErrorIds.ConflictingAcl,
                    ErrorCategory.InvalidArgument,
                    acl));
            }

            if (access == FalAccess.Public && allowUsers?.Length > 0)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-AllowUser names who may read a restricted file, and -Access Public lets everyone: use -Access Private or Hidden with -AllowUser."),
                    ErrorIds.ConflictingAcl,
                    ErrorCategory.InvalidArgument,
                    allowUsers));
            }

            return acl ?? (access == null && allowUsers == null ? null : FalAcl.For(access ?? FalAccess.Private, allowUsers));
        }
    }
}
