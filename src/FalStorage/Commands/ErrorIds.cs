namespace FalStorage.Commands
{
    /// <summary>The FullyQualifiedErrorId prefixes users and scripts can rely on.</summary>
    internal static class ErrorIds
    {
        public const string NoCredentials = "FalStorage.NoCredentials";
        public const string InvalidEndpoint = "FalStorage.InvalidEndpoint";
        public const string Unauthorized = "FalStorage.Unauthorized";
        public const string AccountLocked = "FalStorage.AccountLocked";
        public const string InvalidRequest = "FalStorage.InvalidRequest";
        public const string UploadUrlRejected = "FalStorage.UploadUrlRejected";
        public const string RateLimited = "FalStorage.RateLimited";
        public const string ServiceError = "FalStorage.ServiceError";
        public const string EndpointUnreachable = "FalStorage.EndpointUnreachable";
        public const string Timeout = "FalStorage.Timeout";
        public const string LifetimeRefused = "FalStorage.LifetimeRefused";
        public const string UnexpectedResponse = "FalStorage.UnexpectedResponse";
        public const string PathNotFound = "FalStorage.PathNotFound";
        public const string PathIsDirectory = "FalStorage.PathIsDirectory";
        public const string NotFileSystemPath = "FalStorage.NotFileSystemPath";
        public const string FileReadFailed = "FalStorage.FileReadFailed";
        public const string InvalidContent = "FalStorage.InvalidContent";
        public const string ContentReadFailed = "FalStorage.ContentReadFailed";
        public const string SingleFileOnly = "FalStorage.SingleFileOnly";
        public const string TicketAlreadyUsed = "FalStorage.TicketAlreadyUsed";
        public const string NotAnUploadIndex = "FalStorage.NotAnUploadIndex";
        public const string VerificationFailed = "FalStorage.VerificationFailed";
        public const string UnexpectedError = "FalStorage.UnexpectedError";

        // Access control, signed links and settings (fal's Platform API).
        public const string ConflictingAcl = "FalStorage.ConflictingAcl";
        public const string FileNotFound = "FalStorage.FileNotFound";
        public const string PermissionMissing = "FalStorage.PermissionMissing";
        public const string NotAFileUrl = "FalStorage.NotAFileUrl";

        // Save-FalAsset (downloads).
        public const string InvalidUrl = "FalStorage.InvalidUrl";
        public const string UrlNotFound = "FalStorage.UrlNotFound";
        public const string UrlForbidden = "FalStorage.UrlForbidden";
        public const string CredentialsNotSent = "FalStorage.CredentialsNotSent";
        public const string ContentChanged = "FalStorage.ContentChanged";
        public const string DestinationExists = "FalStorage.DestinationExists";
        public const string DestinationWriteFailed = "FalStorage.DestinationWriteFailed";
        public const string DestinationNotAFolder = "FalStorage.DestinationNotAFolder";
    }
}
