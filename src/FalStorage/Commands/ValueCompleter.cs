using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace FalStorage.Commands
{
    /// <summary>Tab completion from a fixed list of values, matched by prefix and keeping the quote the user began with.</summary>
    internal abstract class ValueCompleter : IArgumentCompleter
    {
        /// <summary>The values to offer, each with the tooltip an editor shows beside it.</summary>
        protected abstract IEnumerable<(string Value, string ToolTip)> Candidates();

        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete ?? string.Empty;
            var quote = word.Length > 0 && (word[0] == '\'' || word[0] == '"') ? word.Substring(0, 1) : string.Empty;
            var prefix = word.Substring(quote.Length).TrimEnd('\'', '"');
            foreach (var (value, toolTip) in Candidates())
            {
                if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(quote + value + quote, value, CompletionResultType.ParameterValue, toolTip);
                }
            }
        }
    }
}
