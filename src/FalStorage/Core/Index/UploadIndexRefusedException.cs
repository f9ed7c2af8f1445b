using System;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// The path given for the upload index holds something the module must not read as its index or change: a user's
    /// file, a directory, or an index of a newer version. The file is left as it was, and no lock file is made beside it.
    /// </summary>
    internal sealed class UploadIndexRefusedException : Exception
    {
        public UploadIndexRefusedException(string path, string message, bool isDirectory)
            : base(message)
        {
            Path = path;
            IsDirectory = isDirectory;
        }

        public string Path { get; }

        public bool IsDirectory { get; }
    }
}
