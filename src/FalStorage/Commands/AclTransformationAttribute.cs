using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// -Acl takes what a PowerShell user has at hand: the FalAcl Get-FalAssetAcl emits (or its copy from a job), or a
    /// hashtable, <c>@{ Default = 'Forbid'; Rules = @(@{ User = 'bob'; Decision = 'Allow' }) }</c>. Decisions are
    /// Allow, Forbid and Hide (fal's allow, forbid, hide), or Public, Private and Hidden as -Access names them.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class AclTransformationAttribute : ArgumentTransformationAttribute
    {
        private const string Shape = "Give a FalAcl (from Get-FalAssetAcl), or a hashtable such as @{ Default = 'Forbid'; Rules = @(@{ User = 'bob'; Decision = 'Allow' }) }";

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : inputData;
            return value switch
            {
                null => null,
                FalAcl acl => acl,
                IDictionary table => Build(Member(table, "Default"), Member(table, "Rules")),
                PSObject properties => Build(properties.Properties["Default"]?.Value, properties.Properties["Rules"]?.Value),
                _ => throw new ArgumentTransformationMetadataException($"{Shape}, not a {value.GetType().Name}."),
            };
        }

        private static FalAcl Build(object? defaultDecision, object? rules)
        {
            if (defaultDecision == null)
            {
                throw new ArgumentTransformationMetadataException($"The ACL has no Default: {Shape}.");
            }

            return new FalAcl(Decision(defaultDecision, "Default"), Items(rules).Select(Rule));
        }

        private static FalAclRule Rule(object? rule)
        {
            var value = rule is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : rule;
            var (user, decision) = value switch
            {
                FalAclRule typed => (typed.User, (object?)typed.Decision),
                IDictionary table => (Member(table, "User")?.ToString(), Member(table, "Decision")),
                PSObject properties => (properties.Properties["User"]?.Value?.ToString(), properties.Properties["Decision"]?.Value),
                _ => (null, null),
            };
            if (string.IsNullOrWhiteSpace(user) || decision == null)
            {
                throw new ArgumentTransformationMetadataException($"Each rule names a User and a Decision, such as @{{ User = 'bob'; Decision = 'Allow' }}; '{rule}' does not.");
            }

            return new FalAclRule(user!.Trim(), Decision(decision, $"The rule for '{user}'"));
        }

        private static FalAclDecision Decision(object value, string what)
        {
            var text = (value is PSObject wrapped ? wrapped.BaseObject : value).ToString();
            if (Enum.TryParse<FalAclDecision>(text, ignoreCase: true, out var decision) && Enum.IsDefined(typeof(FalAclDecision), decision))
            {
                return decision;
            }

            if (Enum.TryParse<FalAccess>(text, ignoreCase: true, out var access) && Enum.IsDefined(typeof(FalAccess), access))
            {
                return FalAcl.ToDecision(access);
            }

            throw new ArgumentTransformationMetadataException($"{what} is '{text}': a decision is Allow, Forbid or Hide (or Public, Private, Hidden).");
        }

        private static object? Member(IDictionary table, string name) =>
            table.Keys.Cast<object>().FirstOrDefault(key => string.Equals(key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) is object key ? table[key] : null;

        private static IEnumerable<object?> Items(object? rules) =>
            (rules is PSObject wrapped ? wrapped.BaseObject : rules) switch
            {
                null => Enumerable.Empty<object?>(),
                string _ => new object?[] { rules },
                IDictionary single => new object?[] { single },
                IEnumerable many => many.Cast<object?>(),
                _ => new object?[] { rules },
            };
    }
}
