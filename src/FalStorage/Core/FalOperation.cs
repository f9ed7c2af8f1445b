namespace FalStorage.Core
{
    /// <summary>Which request of an upload the service refused (see <see cref="FalApiException"/>).</summary>
    internal enum FalOperation
    {
        Initiate,
        Upload,
        Part,
        Complete,
        Verify,
    }
}
