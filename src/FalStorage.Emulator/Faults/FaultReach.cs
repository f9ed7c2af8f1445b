namespace FalStorage.Emulator.Faults;

/// <summary>Which upload flow each kind of request belongs to, and so which faults no upload can meet at an emulator
/// that offers the CDN token flow, or that does not.</summary>
/// <remarks>A client of the token flow (FalStorage's default, fal's Python client) sends no initiate, PUT, part or
/// completion of the signed URLs, so faults on those alone leave its uploads untouched; without the token flow its
/// routes answer 404 before fault injection sees them.</remarks>
internal static class FaultReach
{
    private static readonly RouteKind[] SignedUrlKinds = [RouteKind.Initiate, RouteKind.Put, RouteKind.Part, RouteKind.Complete];

    private static readonly RouteKind[] TokenKinds = [RouteKind.Token, RouteKind.TokenUpload, RouteKind.TokenMultipart, RouteKind.TokenPart, RouteKind.TokenComplete];

    /// <summary>What to warn about the faults in effect, or null when uploads of the flows offered can meet them
    /// (<c>cdn</c> faults are met by downloads after either flow).</summary>
    /// <remarks>What makes a client retry is a failure (5xx, 429, drop, the Nth request), so with the token flow
    /// offered the failures are judged apart from latency: <c>--fault put:error=0.1 --fault all:latency=50ms</c>
    /// slows the token flow but fails none of its requests.</remarks>
    public static string? Unmet(FaultInjection faults, bool tokenUpload)
    {
        var active = Enum.GetValues<RouteKind>().Where(kind => faults.SettingsOf(kind).IsActive).ToList();
        if (!tokenUpload)
        {
            var never = active.Intersect(TokenKinds).ToList();
            return never.Count == 0 ? null
                : $"The faults on {Names(never)} are never met: --no-token-upload turns the CDN token flow off, and its routes answer 404.";
        }

        var failing = active.Where(kind => (faults.SettingsOf(kind) with { Latency = TimeSpan.Zero }).IsActive).ToList();
        var judged = failing.Count > 0 ? failing : active;
        return judged.Count > 0 && judged.All(SignedUrlKinds.Contains)
            ? (failing.Count > 0 ? $"Requests fail on purpose on the signed-URL flow only ({Names(failing)})." : $"The faults are on the signed-URL flow only ({Names(active)}).")
                + " This emulator offers the CDN token flow, which FalStorage (-UploadFlow Auto, the default) and fal's Python "
                + "client take, so their uploads meet none of these faults; only signed-URL uploads do (-UploadFlow SignedUrl, "
                + "Request-FalUpload, a file name that is not ASCII, fal's JavaScript client, or --no-token-upload). To fault "
                + $"both flows, add the token flow's kinds: {Names(TokenKinds)}."
            : null;
    }

    private static string Names(IEnumerable<RouteKind> kinds) => string.Join(", ", kinds.Select(FaultSpecification.Name));
}
