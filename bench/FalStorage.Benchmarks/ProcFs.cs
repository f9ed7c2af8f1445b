using System.Globalization;
using System.Runtime.InteropServices;

namespace FalStorage.Benchmarks;

/// <summary>What Linux's /proc says about a process: CPU time (all threads) and resident memory.</summary>
internal static class ProcFs
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    private static readonly double TicksPerSecond = SysConf(ClockTicksName);

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        // Fields after the command name, which may itself hold spaces and parentheses: utime and stime are 14 and 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static long ResidentBytes(int pid) => StatusKib(pid, "VmRSS:") * 1024;

    /// <summary>The highest resident size since the process started or since <see cref="ResetPeakResident"/>.</summary>
    public static long PeakResidentBytes(int pid) => StatusKib(pid, "VmHWM:") * 1024;

    /// <summary>Sets the peak resident size back to the current one, so the next peak is the next command's.</summary>
    public static void ResetPeakResident(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long StatusKib(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
