using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>A file, as it was when its upload was queued: a change while it is sent is an error, not a half-old object.</summary>
    internal sealed class FileSource : UploadSource
    {
        private readonly FileSlice _file;

        private FileSource(FileSlice file)
            : base(file.Length)
        {
            _file = file;
        }

        public override string Description => $"'{_file.Path}'";

        public override string SourcePath => _file.Path;

        /// <summary>The file as it is now: measured at once, so it counts as queued before anything is sent.</summary>
        public static FileSource Open(string path) => new FileSource(FileSlice.WholeFile(path));

        public override PartReader OpenParts(long partSize, int maxHeld, bool hashInOrder) => new RangeParts(_file.Part, _file.Length, partSize);

        public override async Task<string?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            var sha256 = await StreamHash.FileSha256Async(_file.Path, cancellationToken).ConfigureAwait(false);
            _file.EnsureUnchanged();
            return sha256;
        }

        public override UploadSlice Whole() => _file;
    }
}
