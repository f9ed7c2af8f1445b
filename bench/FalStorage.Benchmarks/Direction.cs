namespace FalStorage.Benchmarks;

/// <summary>Which way a set of rows moves its files: names the module's cmdlet, the transfer and the CPU baseline in
/// the tables.</summary>
internal sealed record Direction(string Title, string Cmdlet, string Transfer, string Baseline, string LargeFileSetting)
{
    public static readonly Direction Upload = new(
        "Uploads", "Send-FalAsset", "upload", "listing the folder", "each upload to a fresh emulator with its data on {0}");

    public static readonly Direction Download = new(
        "Downloads", "Save-FalAsset", "download", "reading the URL list (curl: its whole process)",
        "each download from a fresh emulator with its data on {0}, into a fresh folder there");
}
