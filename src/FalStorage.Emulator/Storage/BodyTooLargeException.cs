namespace FalStorage.Emulator.Storage;

/// <summary>The body went over its limit (counted in body bytes, whatever the framing).</summary>
internal sealed class BodyTooLargeException(long limit) : IOException($"The body is over its limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
