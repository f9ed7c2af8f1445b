using System;

namespace FalStorage
{
    /// <summary>The account's defaults for new uploads (Get-FalStorageSetting, Set-FalStorageSetting): how long files live, and who reads them.</summary>
    public sealed class FalStorageSetting
    {
        internal FalStorageSetting(TimeSpan? expiresIn, FalAcl? acl)
        {
            ExpiresIn = expiresIn;
            Acl = acl;
        }

        /// <summary>How long a new upload lives when it asks for nothing; null: it never expires (fal's default).</summary>
        public TimeSpan? ExpiresIn { get; }

        /// <summary>The ACL a new upload gets when it asks for none; null: public (fal's default).</summary>
        public FalAcl? Acl { get; }

        /// <summary>The default decision of <see cref="Acl"/>, as -Access names it.</summary>
        public FalAccess Access => Acl?.Access ?? FalAccess.Public;

        public override string ToString() => $"ExpiresIn {(ExpiresIn?.ToString() ?? "never")}, Acl {(Acl?.ToString() ?? "Public")}";
    }
}
