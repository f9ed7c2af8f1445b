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

        /// <summary>A phrase ("the -Content of 'a.txt'") made the start of a sentence.</summary>
        public static string Capitalize(string phrase) => phrase.Length == 0 ? phrase : char.ToUpperInvariant(phrase[0]) + phrase.Substring(1);
    }
}
