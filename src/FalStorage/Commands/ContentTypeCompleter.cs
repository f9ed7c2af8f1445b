using System.Collections.Generic;
using FalStorage.Core;

namespace FalStorage.Commands
{
    /// <summary>Completes -ContentType from the built-in MIME table, with the extensions of each type as its tooltip.</summary>
    internal sealed class ContentTypeCompleter : ValueCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates()
        {
            foreach (var type in MimeTypes.Known)
            {
                yield return (type, $"{type} ({string.Join(", ", MimeTypes.ExtensionsOf(type))})");
            }
        }
    }
}
