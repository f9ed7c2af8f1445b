using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace FalStorage.MonoChecks
{
    /// <summary>
    /// Runs <see cref="CoreChecks"/> in order against the emulator named on the command line, one line per check, then
    /// "Mono: N passed, M failed". Usage: FalStorage.MonoChecks.exe &lt;endpoint&gt; &lt;key&gt;. The emulator must run with
    /// the faults .ci/mono gives it: each check's first request of its kind fails once and must be retried.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("Usage: FalStorage.MonoChecks.exe <emulator endpoint> <key>");
                return 2;
            }

            using var checks = new CoreChecks(new Uri(args[0]), args[1]);
            Console.WriteLine($"Runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            var failed = new List<string>();
            var passed = 0;
            foreach (var (name, run) in checks.All())
            {
                try
                {
                    await run().ConfigureAwait(false);
                    passed++;
                    Console.WriteLine($"  pass  {name}");
                }
                catch (Exception ex)
                {
                    failed.Add(name);
                    Console.WriteLine($"  FAIL  {name}: {ex}");
                }
            }

            Console.WriteLine($"Mono: {passed} passed, {failed.Count} failed");
            return failed.Count > 0 ? 1 : 0;
        }
    }
}
