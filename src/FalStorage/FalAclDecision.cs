namespace FalStorage
{
    /// <summary>What fal's CDN does with a read of a restricted file: serve it, refuse it (403), or answer as if it did not exist (404).</summary>
    public enum FalAclDecision
    {
        Allow,
        Forbid,
        Hide,
    }
}
