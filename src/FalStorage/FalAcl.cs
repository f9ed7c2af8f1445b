using System;
using System.Collections.Generic;
using System.Linq;

namespace FalStorage
{
    /// <summary>
    /// Who may read a file on fal's CDN: the decision for everyone (<see cref="Default"/>) and the rules for
    /// particular users. Emitted by Get-FalAssetAcl and Set-FalAssetAcl (with the file's URL), and taken by -Acl.
    /// </summary>
    public sealed class FalAcl
    {
        public FalAcl(FalAclDecision @default, IEnumerable<FalAclRule>? rules = null, string? url = null)
        {
            Default = @default;
            Rules = (rules ?? Enumerable.Empty<FalAclRule>()).ToArray();
            Url = url;
        }

        /// <summary>The file this ACL is of; null for one asked for on an upload or in the account's settings.</summary>
        public string? Url { get; }

        /// <summary>The decision for anyone no rule names, and for a read without credentials.</summary>
        public FalAclDecision Default { get; }

        public FalAclRule[] Rules { get; }

        /// <summary>The default decision, as -Access names it.</summary>
        public FalAccess Access => ToAccess(Default);

        /// <summary>The ACL -Access and -AllowUser describe: the default decision, and an allow rule for each user.</summary>
        public static FalAcl For(FalAccess access, IEnumerable<string>? allowedUsers) =>
            new FalAcl(ToDecision(access), (allowedUsers ?? Enumerable.Empty<string>()).Select(user => new FalAclRule(user, FalAclDecision.Allow)));

        public static FalAclDecision ToDecision(FalAccess access) => access switch
        {
            FalAccess.Private => FalAclDecision.Forbid,
            FalAccess.Hidden => FalAclDecision.Hide,
            _ => FalAclDecision.Allow,
        };

        public static FalAccess ToAccess(FalAclDecision decision) => decision switch
        {
            FalAclDecision.Forbid => FalAccess.Private,
            FalAclDecision.Hide => FalAccess.Hidden,
            _ => FalAccess.Public,
        };

        /// <summary>This ACL, as the ACL of the file at <paramref name="url"/>.</summary>
        public FalAcl Of(string url) => new FalAcl(Default, Rules, url);

        /// <summary>"Private", or "Private; Allow bob, Allow usr_123".</summary>
        public override string ToString() =>
            Rules.Length == 0 ? Access.ToString() : $"{Access}; {string.Join(", ", Rules.Select(rule => rule.ToString()))}";

        /// <summary>
        /// The rules of <paramref name="sent"/> that this ACL, the one the service applied, lacks: it drops rules naming
        /// users it does not know. A rule comes back under the user's nickname where it was sent with a user id, so a
        /// sent rule left without its exact match is matched to a returned rule of the same decision left without one.
        /// </summary>
        internal IReadOnlyList<FalAclRule> Dropped(FalAcl sent)
        {
            var unmatched = Rules.ToList();
            var dropped = new List<FalAclRule>();
            var distinct = sent.Rules.GroupBy(rule => (rule.User.ToUpperInvariant(), rule.Decision)).Select(group => group.First()).ToList();
            foreach (var rule in distinct.ToList())
            {
                var same = unmatched.FindIndex(kept => kept.Decision == rule.Decision && string.Equals(kept.User, rule.User, StringComparison.OrdinalIgnoreCase));
                if (same >= 0)
                {
                    unmatched.RemoveAt(same);
                    distinct.Remove(rule);
                }
            }

            foreach (var rule in distinct)
            {
                var renamed = unmatched.FindIndex(kept => kept.Decision == rule.Decision);
                if (renamed >= 0)
                {
                    unmatched.RemoveAt(renamed);
                }
                else
                {
                    dropped.Add(rule);
                }
            }

            return dropped;
        }
    }
}
