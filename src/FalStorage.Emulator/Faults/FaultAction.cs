namespace FalStorage.Emulator.Faults;

/// <summary>How a request chosen by <see cref="FaultRule.FailNth"/> fails.</summary>
public enum FaultAction
{
    /// <summary>503 with a JSON detail.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c> and a JSON detail.</summary>
    RateLimit,

    /// <summary>The connection is closed mid-body, without an answer.</summary>
    Drop,

    /// <summary>403 <c>{"detail": "User is locked. Reason: Exhausted balance..."}</c>: what fal is reported to answer
    /// for an account whose balance is exhausted, on its key-authenticated routes (the token and initiate calls).</summary>
    AccountLocked,
}
