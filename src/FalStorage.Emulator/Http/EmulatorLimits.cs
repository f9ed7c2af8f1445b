namespace FalStorage.Emulator.Http;

/// <summary>The size limits, fixed when the emulator starts (see <see cref="EmulatorOptions"/>).</summary>
internal sealed record EmulatorLimits(long MaxBodySize, long MaxPartSize, int MaxParts, long MaxJsonSize, long MaxCompletionSize)
{
    public static EmulatorLimits From(EmulatorOptions options) =>
        new(options.MaxBodySize, options.MaxPartSize, options.MaxParts, options.MaxJsonSize, options.MaxCompletionSize);
}
