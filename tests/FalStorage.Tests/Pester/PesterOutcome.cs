namespace FalStorage.Tests.Pester;

/// <summary>How one Pester test ended: Passed, Failed, Skipped or NotRun, with Pester's message (the error, or why it was skipped).</summary>
public sealed record PesterOutcome(string Result, string Message);
