namespace FalStorage.Core
{
    /// <summary>
    /// Messages from .NET and from services often lack a final full stop ("Connection refused"): one ends
    /// here before another sentence follows it, so they never run together.
    /// </summary>
    internal static class Sentence
    {
        public static string End(string text)
        {
            var trimmed = text.TrimEnd();
            return trimmed.Length == 0 || ".!?".IndexOf(trimmed[trimmed.Length - 1]) >= 0 ? trimmed : trimmed + ".";
        }
    }
}
