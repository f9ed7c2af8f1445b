using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>The foreign services of the canary's rows: careless ones that quote the key they were sent, and one whose CDN serves other bytes.</summary>
public sealed partial class SecretsTests
{
    /// <summary>A careless service that quotes the key it was sent (from its Authorization header) in its JSON error's detail.</summary>
    private static ForeignEndpoint Quoting(int status, Func<string, object> detail) =>
        new(head =>
        {
            const string Header = "Authorization: Key ";
            var line = head.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Header, StringComparison.OrdinalIgnoreCase));
            return new ForeignAnswer(status, "application/json", JsonSerializer.Serialize(new { detail = detail(line?[Header.Length..] ?? string.Empty) }));
        });

    /// <summary>A careless Platform API that quotes the key it was sent in its error's message, as <see cref="Quoting"/> does the upload API's.</summary>
    private static ForeignEndpoint QuotingPlatform(int status, Func<string, string> message) =>
        new(head =>
        {
            const string Header = "Authorization: Key ";
            var line = head.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Header, StringComparison.OrdinalIgnoreCase));
            var error = new { type = status == 403 ? "authorization_error" : "validation_error", message = message(line?[Header.Length..] ?? string.Empty), request_id = "req_canary" };
            return new ForeignAnswer(status, "application/json", JsonSerializer.Serialize(new { error }));
        });

    /// <summary>A service that takes uploads (at a signed URL of its own) but whose CDN serves other bytes.</summary>
    private static ForeignEndpoint ServingOtherBytes()
    {
        ForeignEndpoint? server = null;
        server = new ForeignEndpoint(head =>
            head.StartsWith("POST /storage/auth/token", StringComparison.Ordinal) ? new ForeignAnswer(404, "application/json", """{"detail": "Not Found"}""")
            : head.StartsWith("POST", StringComparison.Ordinal) ? new ForeignAnswer(200, "application/json", JsonSerializer.Serialize(new { upload_url = server!.Address + "upload?signature=s1gn3d", file_url = server.Address + "files/other.png" }))
            : new ForeignAnswer(200, "image/png", "not the bytes"));
        return server;
    }

    private static string IdOf(string key) => key.Split(':')[0];

    private static string SecretOf(string key) => key[(key.IndexOf(':') + 1)..];
}
