namespace FalStorage.Emulator.Http;

/// <summary>The size and lifetime limits, fixed when the emulator starts (see <see cref="EmulatorOptions"/>).</summary>
internal sealed record EmulatorLimits(long MaxBodySize, long MaxPartSize, int MaxParts, long MaxJsonSize, long MaxCompletionSize, long MaxLifetimeSeconds)
{
    public static EmulatorLimits From(EmulatorOptions options) =>
        new(options.MaxBodySize, options.MaxPartSize, options.MaxParts, options.MaxJsonSize, options.MaxCompletionSize, (long)options.MaxObjectLifetime.TotalSeconds);
}
