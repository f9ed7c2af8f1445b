using System.Collections.Generic;
using System.Management.Automation;
using FalStorage.Core.Index;

namespace FalStorage.Commands
{
    /// <summary>
    /// Clear-FalUploadIndex: forgets every upload that Send-FalAsset -SkipUnchanged remembers, so that the next run
    /// uploads every file again. The files on the CDN stay where they are.
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "FalUploadIndex", HelpUri = HelpLinks.ClearFalUploadIndex, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ClearFalUploadIndexCommand : PSCmdlet
    {
        /// <summary>The index file; by default FAL_UPLOAD_INDEX, else the user's own under the local application data folder.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? IndexPath { get; set; }

        protected override void EndProcessing()
        {
            var path = UploadIndexPath.Resolve(this, IndexPath);
            if (!ShouldProcess(path, "Forget every upload the index remembers"))
            {
                return;
            }

            var warnings = new List<string>();
            try
            {
                var count = UploadIndex.Clear(path, warnings);
                WriteVerbose($"Forgot {count} upload(s) remembered in '{path}'; the files stay on the CDN.");
            }
            catch (UploadIndexRefusedException refused)
            {
                WriteError(new ErrorRecord(
                    refused,
                    refused.IsDirectory ? ErrorIds.PathIsDirectory : ErrorIds.NotAnUploadIndex,
                    refused.IsDirectory ? ErrorCategory.InvalidArgument : ErrorCategory.InvalidData,
                    path));
            }
            finally
            {
                warnings.ForEach(WriteWarning);
            }
        }
    }
}
