using System;
using System.Collections.Generic;
using System.Management.Automation;
using FalStorage.Core.Index;

namespace FalStorage.Commands
{
    /// <summary>Where -IndexPath points, for every cmdlet that takes it.</summary>
    internal static class UploadIndexPath
    {
        /// <summary>The path given, resolved as PowerShell resolves paths (current location, ~, drives); else FAL_UPLOAD_INDEX or the user's own index.</summary>
        public static string Resolve(PSCmdlet cmdlet, string? indexPath) =>
            indexPath == null ? UploadIndex.DefaultPath(Environment.GetEnvironmentVariables()) : cmdlet.GetUnresolvedProviderPathFromPSPath(indexPath);

        /// <summary>
        /// The index -SkipUnchanged reads, its troubles written as warnings; null, with a warning, when the path holds no
        /// index of the module's (left as it is): the command then uploads every file and remembers none.
        /// </summary>
        public static UploadIndex? LoadForSkipUnchanged(PSCmdlet cmdlet, string? indexPath)
        {
            var warnings = new List<string>();
            var path = Resolve(cmdlet, indexPath);
            try
            {
                var index = UploadIndex.Load(path, warnings);
                cmdlet.WriteVerbose($"-SkipUnchanged: {index.Count} upload(s) remembered in '{path}'.");
                return index;
            }
            catch (UploadIndexRefusedException refused)
            {
                warnings.Add($"{refused.Message} -SkipUnchanged goes on without an index: every file is uploaded, and none is remembered.");
                return null;
            }
            finally
            {
                warnings.ForEach(cmdlet.WriteWarning);
            }
        }
    }
}
