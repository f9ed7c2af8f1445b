namespace FalStorage.Core.Transfer
{
    /// <summary>A phase of one file's upload that has a progress bar of its own (its parts, or -Verify reading it back).</summary>
    internal abstract class FileProgress
    {
        protected FileProgress(int id, string fileName)
        {
            Id = id;
            FileName = fileName;
        }

        /// <summary>Tells this bar apart from the others of the run.</summary>
        public int Id { get; }

        public string FileName { get; }
    }
}
