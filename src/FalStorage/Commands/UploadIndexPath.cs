using System;
using System.Management.Automation;
using FalStorage.Core;

namespace FalStorage.Commands
{
    /// <summary>Where -IndexPath points, for every cmdlet that takes it.</summary>
    internal static class UploadIndexPath
    {
        /// <summary>The path given, resolved as PowerShell resolves paths (current location, ~, drives); else FAL_UPLOAD_INDEX or the user's own index.</summary>
        public static string Resolve(PSCmdlet cmdlet, string? indexPath) =>
            indexPath == null ? UploadIndex.DefaultPath(Environment.GetEnvironmentVariables()) : cmdlet.GetUnresolvedProviderPathFromPSPath(indexPath);
    }
}
