namespace FalStorage.Benchmarks;

/// <summary>Which way a set of rows moves its files: names the module's cmdlet and the transfer, and says how the
/// small-file and large-file rows are set up, in the tables.</summary>
internal sealed record Direction(string Title, string Cmdlet, string Transfer, string SmallFilesSetting, string LargeFileSetting)
{
    public static readonly Direction Upload = new(
        "Uploads", "Send-FalAsset", "upload",
        "each client one long-lived process, warmed up; client CPU beyond listing the folder in that process",
        "each upload to a fresh emulator with its data on {0}");

    public static readonly Direction Download = new(
        "Downloads", "Save-FalAsset", "download",
        "each pwsh client one long-lived process, curl a fresh process per run, all warmed up; client CPU beyond reading the URL list in that process (curl: its whole process)",
        "each download from a fresh emulator with its data on {0}, into a fresh folder there");
}
