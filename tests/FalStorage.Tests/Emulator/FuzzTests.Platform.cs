using System.Text;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The fuzzer's requests to the Platform API (<c>/v1/storage/...</c>): each route on the lane's files, with
/// valid and broken <c>url</c> parameters and bodies; the mutations then change them like any other request.</summary>
public sealed partial class FuzzTests
{
    /// <summary>The Platform API's routes as the request log names them.</summary>
    private static readonly string[] PlatformRoutes = ["acl-get", "acl-put", "sign", "settings-get", "settings-put"];

    private static readonly string[] PlatformBodies =
    [
        """{"default": "allow"}""", """{"default": "forbid", "rules": [{"user": "usr_123", "decision": "allow"}]}""", """{"default": "hide", "rules": null}""",
        """{"expiration_seconds": 60}""", """{"expiration_seconds": 604800}""", """{"expiration_seconds": 604801}""", """{"expiration_seconds": -1}""",
        """{"expiration_duration_seconds": 3600}""", """{"initial_acl": {"default": "allow"}}""", """{"initial_acl": {"default": "x"}}""", "{}",
        """{"default": "allow", "rules": [""" + string.Join(',', Enumerable.Repeat("""{"user": "u", "decision": "hide"}""", 200)) + "]}",
        """{"default": ["allow"]}""", """{"rules": [{"user": null}]}""", """{"initial_acl": """ + new string('[', 100) + "}", "[]", "null", "",
    ];

    private static readonly string[] PlatformUrls =
    [
        "", "x", "/files/a/b", "http://127.0.0.1/files/0123456789abcdef0123456789abcdef/a.png?identity=1", "http://127.0.0.1/files/../signing.key",
        "http://127.0.0.1/files/0123456789abcdef0123456789abcdef/%2e%2e", "file:///etc/passwd", "http://[::1]:0/files/0123456789abcdef0123456789abcdef/a",
        "http://127.0.0.1/files/0123456789ABCDEF0123456789ABCDEF/a.png", new string('u', 5000),
    ];

    private sealed partial class FuzzLane
    {
        private FuzzRequest PlatformCall()
        {
            var file = Pick(files);
            var url = file is not null && random.Next(4) != 0 ? file.AbsoluteUri : Pick(PlatformUrls)!;
            var query = "?url=" + Uri.EscapeDataString(url);
            var (method, path, route, validBody) = random.Next(5) switch
            {
                0 => ("GET", "/v1/storage/files/acl" + query, "acl-get", null),
                1 => ("PUT", "/v1/storage/files/acl" + query, "acl-put", """{"default": "forbid", "rules": [{"user": "usr_1", "decision": "allow"}]}"""),
                2 => ("POST", "/v1/storage/files/sign" + query, "sign", """{"expiration_seconds": 3600}"""),
                3 => ("GET", "/v1/storage/settings", "settings-get", null),
                _ => ("PUT", "/v1/storage/settings", "settings-put", """{"expiration_duration_seconds": 86400}"""),
            };
            var request = new FuzzRequest(method, path, route);
            if (validBody is not null)
            {
                // Mostly a valid body, so the route does its work and there is state (private files, settings) to attack.
                request.Body = Encoding.UTF8.GetBytes(random.Next(3) == 0 ? Pick(PlatformBodies)! : validBody);
                request.Set("Content-Type", "application/json");
            }

            request.Set("Authorization", "Key " + EmulatorFixture.TestKey);
            return request;
        }
    }
}
