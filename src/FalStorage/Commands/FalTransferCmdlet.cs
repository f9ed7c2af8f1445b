using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Commands
{
    /// <summary>
    /// A cmdlet that moves files through a <see cref="CommandTransfer"/> (Send-FalAsset, Save-FalAsset): the transfer
    /// parameters they share, with the same defaults and meaning, and the end of a -FileName that names one file.
    /// </summary>
    public abstract class FalTransferCmdlet : FalSessionCmdlet
    {
        /// <summary>How many requests may be on the wire at once, files and parts (or ranges) together.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ThrottleLimits.Default;

        /// <summary>How often each request is retried after a failure that may pass.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetries { get; set; } = TransferOptions.DefaultMaxRetries;

        /// <summary>Seconds a request may go without progress before it is abandoned (and retried).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = (int)FalStorageClient.DefaultRequestTimeout.TotalSeconds;

        /// <summary>Checks each file's SHA-256 after the transfer (each cmdlet's help says against what).</summary>
        [Parameter]
        public SwitchParameter Verify { get; set; }

        /// <summary>The options the shared parameters set; a cmdlet adds its own.</summary>
        private protected TransferOptions NewTransferOptions() => new TransferOptions
        {
            ThrottleLimit = ThrottleLimit,
            MaxRetries = MaxRetries,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            Verify = Verify,
        };

        /// <summary>
        /// The end of input when <paramref name="parameter"/> names one file and the files were held until now: the
        /// one is started; several are one error naming them all, and none is transferred rather than an arbitrary one.
        /// </summary>
        private protected void ReleaseSingleFile<T>(IReadOnlyList<T> held, Action<T> start, Func<T, string> describe, string parameter, string nextStep)
        {
            if (held.Count == 1)
            {
                start(held[0]);
            }
            else if (held.Count > 1)
            {
                var names = held.Select(describe).ToArray();
                WriteError(new ErrorRecord(
                    new ArgumentException($"-{parameter} is for a single file, but {names.Length} files were given ({string.Join(", ", names.Select(n => $"'{n}'"))}). {nextStep}"),
                    ErrorIds.SingleFileOnly,
                    ErrorCategory.InvalidArgument,
                    names));
            }
        }
    }
}
