using System;
using System.Linq;
using System.Xml.Linq;

namespace FalStorage.Core.Api
{
    /// <summary>An ACL as fal's JSON has it: <c>{"default": "forbid", "rules": [{"user": "bob", "decision": "allow"}]}</c>.</summary>
    internal static class AclJson
    {
        /// <summary>The ACL as a member named <paramref name="name"/>; rules left out when there are none, as fal's Python client sends it.</summary>
        public static XElement Write(string name, FalAcl acl)
        {
            var members = new[] { Json.String("default", Name(acl.Default)) }.ToList();
            if (acl.Rules.Length > 0)
            {
                members.Add(Json.Array("rules", acl.Rules.Select(rule => Json.Object("item", Json.String("user", rule.User), Json.String("decision", Name(rule.Decision))))));
            }

            return Json.Object(name, members.ToArray());
        }

        /// <summary>The ACL in <paramref name="acl"/>, or null when it is not one (a missing or unknown default or decision).</summary>
        public static FalAcl? Read(XElement? acl, string? url)
        {
            if (acl == null || !TryParse(Json.GetString(acl, "default"), out var decision))
            {
                return null;
            }

            var rules = Json.GetArray(acl, "rules")?.Select(item =>
                TryParse(Json.GetString(item, "decision"), out var ruleDecision) && Json.GetString(item, "user") is string user
                    ? new FalAclRule(user, ruleDecision)
                    : null).ToList();
            return rules == null || rules.All(rule => rule != null) ? new FalAcl(decision, rules!, url) : null;
        }

        public static string Name(FalAclDecision decision) => decision.ToString().ToLowerInvariant();

        /// <summary>fal's decisions are lower-case words: allow, forbid, hide.</summary>
        private static bool TryParse(string? text, out FalAclDecision decision)
        {
            foreach (FalAclDecision known in Enum.GetValues(typeof(FalAclDecision)))
            {
                if (Name(known) == text)
                {
                    decision = known;
                    return true;
                }
            }

            decision = default;
            return false;
        }
    }
}
