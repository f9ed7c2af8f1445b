using FalStorage.Emulator;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// The emulator's route kinds an upload flow of Send-FalAsset uses, so one test can run on both flows (a Theory over
/// <see cref="Names"/>) and fault, delay or count the same step of each.
/// </summary>
/// <param name="Flow">The -UploadFlow value.</param>
/// <param name="FirstOfFile">Each file's first request: initiate, or the token upload itself.</param>
/// <param name="Upload">The request carrying a whole file's bytes.</param>
/// <param name="StartParts">The start of a multipart upload.</param>
public sealed record UploadFlowRoutes(string Flow, RouteKind FirstOfFile, RouteKind Upload, RouteKind StartParts, RouteKind Part, RouteKind Complete)
{
    public static readonly UploadFlowRoutes SignedUrl = new("SignedUrl", RouteKind.Initiate, RouteKind.Put, RouteKind.Initiate, RouteKind.Part, RouteKind.Complete);

    public static readonly UploadFlowRoutes CdnToken = new("CdnToken", RouteKind.TokenUpload, RouteKind.TokenUpload, RouteKind.TokenMultipart, RouteKind.TokenPart, RouteKind.TokenComplete);

    public static TheoryData<string> Names => new(SignedUrl.Flow, CdnToken.Flow);

    /// <summary>Every kind of request the flow makes, the token's own included.</summary>
    public RouteKind[] Kinds => this == CdnToken ? [RouteKind.Token, Upload, StartParts, Part, Complete] : [FirstOfFile, Upload, Part, Complete];

    public static UploadFlowRoutes Of(string flow) => flow == CdnToken.Flow ? CdnToken : flow == SignedUrl.Flow ? SignedUrl : throw new ArgumentOutOfRangeException(nameof(flow));

    public override string ToString() => Flow;
}
