namespace FalStorage
{
    /// <summary>-Access: who may read a file by its URL alone (its ACL's default decision).</summary>
    public enum FalAccess
    {
        /// <summary>Anyone with the URL (allow).</summary>
        Public,

        /// <summary>Only its owner and the users its rules allow; others get 403 (forbid).</summary>
        Private,

        /// <summary>Only its owner and the users its rules allow; to others it does not exist, 404 (hide).</summary>
        Hidden,
    }
}
