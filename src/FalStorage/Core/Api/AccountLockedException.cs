using System;
using System.Net;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// fal refuses the key of a locked account (its balance exhausted) with 403 "User is locked. Reason: ...",
    /// reported of the token route; the initiate routes check the key alike. Every upload would fail the same
    /// way until the account is settled, so it is not retried and not the key's fault.
    /// </summary>
    internal sealed class AccountLockedException : Exception
    {
        public AccountLockedException(FalApiException refusal)
            : base($"The fal account of this key is locked: {Sentence.End(refusal.Message)} Check the account's balance and billing at fal, then run the command again.", refusal)
        {
        }

        /// <summary>Whether <paramref name="refusal"/> is the answer for a locked account.</summary>
        public static bool IsMeantBy(FalApiException refusal) =>
            refusal.StatusCode == HttpStatusCode.Forbidden
            && (refusal.Operation == FalOperation.Token || refusal.Operation == FalOperation.Initiate)
            && refusal.Detail != null
            && refusal.Detail.IndexOf("locked", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
