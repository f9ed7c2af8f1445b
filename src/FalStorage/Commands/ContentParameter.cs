using System;
using System.IO;
using System.Threading;
using FalStorage.Core.Sources;

namespace FalStorage.Commands
{
    /// <summary>What Send-FalAsset -Content takes, and how it reads what it was given.</summary>
    internal static class ContentParameter
    {
        /// <summary>The source for a [byte[]], a string or a stream; anything else is an <see cref="ArgumentException"/> that says what to give.</summary>
        public static UploadSource ToSource(object? value, string fileName, long readAhead, CancellationToken cancellationToken)
        {
            var description = $"the -Content of '{fileName}'";
            return value switch
            {
                byte[] bytes => ValueSources.FromBytes(bytes, description),
                string text => ValueSources.FromString(text, description),
                Stream stream => ValueSources.FromStream(stream, description, readAhead, cancellationToken),
                _ => throw Unsupported(value)!,
            };
        }

        /// <summary>The error for a value -Content does not take, or null for one it does.</summary>
        public static ArgumentException? Unsupported(object? value) =>
            value is byte[] || value is string || value is Stream
                ? null
                : new ArgumentException($"-Content takes a [byte[]], a [string] or a readable [System.IO.Stream], not {Describe(value)}. For numbers, cast them: -Content ([byte[]]$values); for a file, use -Path.");

        /// <summary>What -WhatIf and errors call the value: its size or its type, never its bytes.</summary>
        public static string Describe(object? value) => value switch
        {
            byte[] bytes => $"{bytes.Length} bytes",
            string text => $"a string of {text.Length} characters",
            Stream stream => $"a {stream.GetType().Name}",
            null => "null",
            _ => $"a {value.GetType().FullName}",
        };
    }
}
