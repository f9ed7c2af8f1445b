using System.Collections.Generic;

namespace FalStorage.Commands
{
    /// <summary>Completes New-FalSignedUrl -ExpiresIn with lifetimes a signed link may have.</summary>
    internal sealed class SignedLinkLifetimeCompleter : ValueCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates()
        {
            yield return ("15m", "15m: the link works for 15 minutes");
            yield return ("1h", "1h: the link works for an hour (the default)");
            yield return ("1d", "1d: the link works for a day");
            yield return ("7d", "7d: the link works for 7 days, the longest fal signs");
        }
    }
}
