using System.Text.Json;

namespace FalStorage.Emulator.Access;

/// <summary>Reads and writes an ACL as fal spells it: <c>{"default": "forbid", "rules": [{"user": "usr_123",
/// "decision": "allow"}]}</c>. Closed: a field that is not one of these is refused, as fal's Platform API does.</summary>
internal static class AclJson
{
    private const string DefaultField = "default";
    private const string RulesField = "rules";
    private const string UserField = "user";
    private const string DecisionField = "decision";

    /// <summary>The ACL, its users as sent (nicknames or ids), or what is wrong with it. <c>rules</c> may be left out or null.</summary>
    public static (ObjectAcl? Acl, JsonProblem? Problem) Read(JsonElement element) => JsonProblem.Guard(() => ReadUnguarded(element));

    private static (ObjectAcl? Acl, JsonProblem? Problem) ReadUnguarded(JsonElement element)
    {
        if (Closed(element, DefaultField, RulesField) is { } problem)
        {
            return (null, problem);
        }

        if (Decision(element, DefaultField) is not { } defaultDecision)
        {
            return (null, DecisionProblem(element, DefaultField));
        }

        List<AclRule> rules = [];
        if (element.TryGetProperty(RulesField, out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return (null, new("list_type", [RulesField], "Input should be a valid list"));
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var (rule, ruleProblem) = ReadRule(item);
                if (rule is null)
                {
                    return (null, ruleProblem!.Under(index).Under(RulesField));
                }

                rules.Add(rule);
                index++;
            }
        }

        return (new ObjectAcl(defaultDecision, rules), null);
    }

    /// <summary>The JSON answers carry: <c>{"default", "rules": [...]}</c>, rules always present.</summary>
    public static object ToAnswer(ObjectAcl acl) => new Dictionary<string, object>
    {
        [DefaultField] = Name(acl.Default),
        [RulesField] = acl.Rules.Select(rule => new Dictionary<string, string> { [UserField] = rule.User, [DecisionField] = Name(rule.Decision) }).ToList(),
    };

    public static string Name(AclDecision decision) => decision.ToString().ToLowerInvariant();

    /// <summary>A problem for the first property of <paramref name="element"/> (an object) not in <paramref name="fields"/>.</summary>
    public static JsonProblem? Closed(JsonElement element, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new("model_type", [], "Input should be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Any(field => property.NameEquals(field)))
            {
                return new("extra_forbidden", [property.Name], "Extra inputs are not permitted");
            }
        }

        return null;
    }

    private static (AclRule? Rule, JsonProblem? Problem) ReadRule(JsonElement item)
    {
        if (Closed(item, UserField, DecisionField) is { } problem)
        {
            return (null, problem);
        }

        if (!item.TryGetProperty(UserField, out var user))
        {
            return (null, new("missing", [UserField], "Field required"));
        }

        if (user.ValueKind != JsonValueKind.String || user.GetString() is not { Length: > 0 } name)
        {
            return (null, new("string_type", [UserField], "Input should be a user's nickname or id"));
        }

        return Decision(item, DecisionField) is { } decision
            ? (new AclRule(name, decision), null)
            : (null, DecisionProblem(item, DecisionField));
    }

    private static AclDecision? Decision(JsonElement element, string field) =>
        element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? Enum.GetValues<AclDecision>().Select(decision => (AclDecision?)decision).FirstOrDefault(decision => value.ValueEquals(Name(decision!.Value)))
            : null;

    private static JsonProblem DecisionProblem(JsonElement element, string field) =>
        element.TryGetProperty(field, out _)
            ? new("enum", [field], "Input should be 'allow', 'forbid' or 'hide'")
            : new("missing", [field], "Field required");
}
