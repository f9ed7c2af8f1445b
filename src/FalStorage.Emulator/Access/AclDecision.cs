namespace FalStorage.Emulator.Access;

/// <summary>What the CDN answers a reader: <c>allow</c> serves the file, <c>forbid</c> a 403, <c>hide</c> the 404 of a
/// file that does not exist.</summary>
public enum AclDecision
{
    Allow,
    Forbid,
    Hide,
}
