using System;

namespace FalStorage.Core
{
    /// <summary>Bytes as hexadecimal text, upper case, as the module shows SHA-256 digests.</summary>
    internal static class Hex
    {
        public static string Encode(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty);
    }
}
