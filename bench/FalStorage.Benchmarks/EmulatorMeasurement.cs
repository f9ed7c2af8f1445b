namespace FalStorage.Benchmarks;

/// <summary>One upload as the emulator's process lived it: the wall time (from the first request to the last answer),
/// the completion's own time for a multipart upload, the process's CPU seconds and resident memory during it.</summary>
internal sealed record EmulatorMeasurement(double Seconds, double? CompletionSeconds, double CpuSeconds, long PeakResident, long ResidentBefore);
