using System.CommandLine;
using System.CommandLine.Help;

namespace FalStorage.Emulator.CommandLine;

/// <summary>What <c>--help</c> says besides the options, which System.CommandLine lists from their declarations.</summary>
internal static class EmulatorHelp
{
    public const string Synopsis = """
        fal Storage emulator: a local stand-in for fal's storage upload API and CDN.
        (From the repository: dotnet run --project src/FalStorage.Emulator -- [options])
        """;

    private const int Width = 120;

    private static readonly string Endpoints = $$"""
        Faults are off unless asked for; when on, the emulator says so in a warning at start. Each upload flow has kinds of
        its own: initiate, put, part, complete (signed URLs) and token, token-upload, token-multipart, token-part,
        token-complete (the CDN token flow, which FalStorage and fal's Python client take by default). Name both to fault
        a client whatever flow it takes:
          --fault put+part+token-upload+token-part:error=0.1,429=0.05,drop=0.05 --fault-nth complete+token-complete:1=error
        Faults that no upload of the flows offered would meet get a second warning at start.

        Development key (well known, not a secret; accepted only when no --key or --user is given):
          {{FalStorageEmulator.DevelopmentKey}}

        Endpoints:
          POST     /storage/upload/initiate?storage_type=fal-cdn-v3             {"content_type", "file_name"}
          POST     /storage/upload/initiate-multipart?storage_type=fal-cdn-v3   the same body and answer
                   (both accept X-Fal-Object-Lifecycle: {"expiration_duration_seconds": N, "initial_acl": ACL},
                   each key optional, as do the token flow's upload and multipart start)
          PUT      /uploads/{id}?expires=...&signature=...                      the upload_url; no Authorization
          PUT      /uploads/{id}/{N}?expires=...&signature=...                  part N of a multipart upload
          POST     /uploads/{id}/complete?expires=...&signature=...             {"parts": [{"partNumber", "etag"}]}
          GET|HEAD /files/{id}/{file name}                                      the file_url (Range, ETag), as its ACL
                   allows: anonymous, Authorization: Bearer <CDN token>, or a signed link (?identity=...)
          GET      /health

        CDN token flow (fal's Python client; off with --no-token-upload):
          POST     /storage/auth/token?storage_type=fal-cdn-v3    Key auth, body {} or {"expiration_seconds": N}
                                                                  -> token, base_url, expires_at
          POST     /files/upload                                  Bearer token, Content-Type, X-Fal-File-Name (optional:
                                                                  without it, a random name); raw body
          POST     /files/upload/multipart                        the same headers, no body -> access_url, uploadId
          PUT      {access_url}/multipart/{uploadId}/{N}          part N, Bearer token -> ETag
          POST     {access_url}/multipart/{uploadId}/complete     {"parts": [{"partNumber", "etag"}]}

        Platform API (fal's https://api.fal.ai/v1; Key auth; errors: an "error" object with type, message, request_id):
          GET|PUT  /v1/storage/files/acl?url=<file URL>           a file's ACL {"default", "rules"} (its owner only)
          POST     /v1/storage/files/sign?url=<file URL>          {"expiration_seconds": 1..604800} -> {"signed_url"}
          GET|PUT  /v1/storage/settings                           the user's defaults for new uploads
        """;

    /// <summary>The help of <paramref name="command"/>, whose <paramref name="help"/> option writes the options,
    /// then the endpoints and the development key.</summary>
    public static string Write(Command command, HelpOption help)
    {
        ((HelpAction)help.Action!).MaxWidth = Width;
        using var output = new StringWriter();
        command.Parse([help.Name]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString().TrimEnd() + Environment.NewLine + Environment.NewLine + Endpoints;
    }
}
