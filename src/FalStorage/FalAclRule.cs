namespace FalStorage
{
    /// <summary>One rule of an ACL: what the CDN does with a read by one user (a fal nickname or user id).</summary>
    public sealed class FalAclRule
    {
        public FalAclRule(string user, FalAclDecision decision)
        {
            User = user;
            Decision = decision;
        }

        public string User { get; }

        public FalAclDecision Decision { get; }

        public override string ToString() => $"{Decision} {User}";
    }
}
