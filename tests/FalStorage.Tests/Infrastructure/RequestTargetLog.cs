using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// The path and query of every request an emulator was sent, from ASP.NET Core's own "Request starting" log, which
/// the emulator turns off for every other provider (it prints signed URLs in full): so a test knows the signed
/// upload URLs the module was given and used, to look for them where they must not be.
/// </summary>
public sealed class RequestTargetLog : ILoggerProvider
{
    /// <summary>The category of ASP.NET Core's request logs.</summary>
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private readonly ConcurrentQueue<(string Path, string Query)> targets = new();

    public IReadOnlyCollection<(string Path, string Query)> Targets => targets.ToArray();

    /// <summary>Adds this provider to <paramref name="logging"/>, enabling the request logs for it alone.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<RequestTargetLog>(Category, LogLevel.Information);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == Category ? targets : null);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(string Path, string Query)>? targets) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => targets != null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Event 1, "Request starting", carries the request's parts by name (event 2, "Request finished", them again).
            if (targets == null || eventId.Id != 1 || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            string Part(string name) => values.FirstOrDefault(v => v.Key == name).Value?.ToString() ?? string.Empty;
            targets.Enqueue((Part("Path"), Part("QueryString")));
        }
    }
}
