namespace FalStorage.Emulator.Access;

/// <summary>What is wrong with a JSON value: a pydantic-style type (<c>missing</c>, <c>enum</c>, ...), where (field
/// names and list indexes below the value read), and a message. The upload API makes it a 422 issue, the Platform API
/// a 400 <c>validation_error</c>.</summary>
internal sealed record JsonProblem(string Type, IReadOnlyList<object> Path, string Message)
{
    /// <summary>Runs a reading of JSON values, which System.Text.Json fails with an InvalidOperationException when a
    /// string or a property name (even one only compared) holds an escaped lone surrogate: that becomes this problem.</summary>
    public static (T? Value, JsonProblem? Problem) Guard<T>(Func<(T? Value, JsonProblem? Problem)> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return (default, new("string_unicode", [], "Input should be a valid string, unable to parse raw data as a unicode string"));
        }
    }

    /// <summary>The problem one level further down, under <paramref name="step"/>.</summary>
    public JsonProblem Under(object step) => this with { Path = [step, .. Path] };

    /// <summary>For a message: <c>initial_acl.rules[0].user: Field required</c>.</summary>
    public string Describe() =>
        Path.Count == 0 ? Message
            : string.Concat(Path.Select((step, index) => step is int number ? $"[{number}]" : index == 0 ? $"{step}" : $".{step}")) + ": " + Message;
}
