namespace FalStorage.Commands
{
    /// <summary>
    /// Where Get-Help -Online goes: each cmdlet's section of the project page (the manifest's ProjectUri, its README).
    /// </summary>
    internal static class HelpLinks
    {
        public const string Project = "https://github.com/FalStorage/FalStorage";

        public const string ClearFalUploadIndex = Project + "#clear-faluploadindex";
        public const string ConnectFalStorage = Project + "#connect-falstorage";
        public const string DisconnectFalStorage = Project + "#disconnect-falstorage";
        public const string GetFalSession = Project + "#get-falsession";
        public const string RequestFalUpload = Project + "#request-falupload";
        public const string SendFalAsset = Project + "#send-falasset";
        public const string GetFalAssetAcl = Project + "#get-falassetacl";
        public const string SetFalAssetAcl = Project + "#set-falassetacl";
        public const string NewFalSignedUrl = Project + "#new-falsignedurl";
        public const string GetFalStorageSetting = Project + "#get-falstoragesetting";
        public const string SetFalStorageSetting = Project + "#set-falstoragesetting";
        public const string SaveFalAsset = Project + "#save-falasset";
    }
}
