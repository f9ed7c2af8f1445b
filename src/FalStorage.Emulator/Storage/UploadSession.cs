namespace FalStorage.Emulator.Storage;

/// <summary>One initiated upload, with the requests in flight for it.</summary>
internal sealed class UploadSession(PendingUpload upload, MultipartStaging? multipart)
{
    private readonly Lock sync = new();
    private int inFlight;
    private bool retired;

    public PendingUpload Upload { get; } = upload;

    /// <summary>The staged parts, for a multipart upload; null for a single one.</summary>
    public MultipartStaging? Multipart { get; } = multipart;

    /// <summary>Marks a request in flight until the returned lease is disposed; null if the upload was forgotten.</summary>
    public IDisposable? TryEnter()
    {
        lock (sync)
        {
            if (retired)
            {
                return null;
            }

            inFlight++;
        }

        return new Lease(this);
    }

    /// <summary>Retires the upload if no request is in flight; then it admits none.</summary>
    public bool TryRetire()
    {
        lock (sync)
        {
            if (retired || inFlight > 0)
            {
                return false;
            }

            retired = true;
        }

        Multipart?.Abandon();
        return true;
    }

    private void Exit()
    {
        lock (sync)
        {
            inFlight--;
        }
    }

    private sealed class Lease(UploadSession session) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                session.Exit();
            }
        }
    }
}
