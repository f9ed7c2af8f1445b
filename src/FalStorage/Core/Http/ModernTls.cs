using System;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// TLS 1.2 and newer, never fewer versions than the system allows. Over HttpWebRequest a handler that names no
    /// versions uses ServicePointManager.SecurityProtocol, which in Windows PowerShell 5.1 (built for an older .NET
    /// Framework) may be SSL 3 and TLS 1.0 only, and fal's hosts refuse those.
    /// </summary>
    internal static class ModernTls
    {
        // netstandard2.0's SslProtocols has no Tls13 member; 12288 is its value (0x3000, SCHANNEL's SP_PROT_TLS1_3)
        // in .NET Framework 4.8 and .NET Core 3.0+, where it is defined.
        private const SslProtocols Tls13 = (SslProtocols)12288;

        public static void Require(HttpClientHandler handler)
        {
            // SystemDefault (0): the operating system chooses, and every Windows that still gets updates allows 1.2.
            // A process that named 1.2 itself keeps its choice.
            var process = ServicePointManager.SecurityProtocol;
            if (process == 0 || (process & SecurityProtocolType.Tls12) != 0)
            {
                return;
            }

            try
            {
                handler.SslProtocols = Enum.IsDefined(typeof(SslProtocols), Tls13) ? SslProtocols.Tls12 | Tls13 : SslProtocols.Tls12;
            }
            catch (PlatformNotSupportedException)
            {
                // .NET Framework before 4.7.1 has no per-handler setting: the one process-wide change the module makes,
                // because without it no fal host can be reached; it adds TLS 1.2 and removes nothing.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }
        }
    }
}
