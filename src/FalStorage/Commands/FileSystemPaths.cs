using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace FalStorage.Commands
{
    /// <summary>-Path and -LiteralPath resolved to files on the FileSystem provider, as Get-Content resolves them.</summary>
    internal static class FileSystemPaths
    {
        /// <summary>Files the path names; each path that names none gets its error, written by <paramref name="writeError"/>.</summary>
        public static List<string> Resolve(PathIntrinsics paths, string path, bool isLiteral, Action<ErrorRecord> writeError)
        {
            var files = new List<string>();
            ProviderInfo provider;
            IEnumerable<string> resolved;
            try
            {
                resolved = isLiteral
                    ? new[] { paths.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) }
                    : paths.GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException)
            {
                writeError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                return files;
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                writeError(new ErrorRecord(
                    new ArgumentException($"'{path}' is on the {provider.Name} provider: only files on the FileSystem provider can be uploaded."),
                    ErrorIds.NotFileSystemPath,
                    ErrorCategory.InvalidArgument,
                    path));
                return files;
            }

            foreach (var file in resolved)
            {
                if (Directory.Exists(file))
                {
                    writeError(new ErrorRecord(
                        new ArgumentException($"'{file}' is a directory. To upload the files in it, pipe them: Get-ChildItem -File '{file}' | Send-FalAsset"),
                        ErrorIds.PathIsDirectory,
                        ErrorCategory.InvalidArgument,
                        file));
                }
                else if (!File.Exists(file))
                {
                    writeError(new ErrorRecord(
                        new FileNotFoundException($"Cannot find the file '{file}'.", file), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, file));
                }
                else
                {
                    files.Add(file);
                }
            }

            if (files.Count == 0 && WildcardPattern.ContainsWildcardCharacters(path) && !isLiteral)
            {
                writeError(new ErrorRecord(NoFileMatches(paths, path), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
            }

            return files;
        }

        /// <summary>A wildcard that matches nothing; often a file name with [ ] in it, which -Path reads as a pattern.</summary>
        private static FileNotFoundException NoFileMatches(PathIntrinsics paths, string path)
        {
            var literal = paths.GetUnresolvedProviderPathFromPSPath(path);
            return new FileNotFoundException(
                File.Exists(literal)
                    ? $"No file matches the wildcard pattern '{path}', but a file of that exact name exists: -Path reads [ ] * ? as wildcards, so name it with Send-FalAsset -LiteralPath '{literal.Replace("'", "''")}'."
                    : $"No file matches '{path}'.",
                path);
        }
    }
}
