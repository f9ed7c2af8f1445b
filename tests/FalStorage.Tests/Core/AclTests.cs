using System.Collections;
using System.Management.Automation;
using FalStorage.Commands;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using ApiJson = FalStorage.Core.Api.Json;

namespace FalStorage.Tests.Core;

/// <summary>ACLs as the module sends and reads them: fal's lifecycle header, the Platform API's JSON, -Acl's hashtables, and the rules a service dropped.</summary>
public sealed class AclTests
{
    [Fact]
    public void The_lifecycle_header_carries_the_lifetime_and_the_acl_and_leaves_out_what_was_not_asked_for()
    {
        var acl = FalAcl.For(FalAccess.Private, ["bob", "usr_123"]);

        Assert.Equal(
            """{"expiration_duration_seconds":86400,"initial_acl":{"default":"forbid","rules":[{"user":"bob","decision":"allow"},{"user":"usr_123","decision":"allow"}]}}""",
            ObjectLifecycle.ValueFor(FalLifetime.Parse("1d"), acl));
        Assert.Equal("""{"initial_acl":{"default":"hide"}}""", ObjectLifecycle.ValueFor(null, FalAcl.For(FalAccess.Hidden, null)));
        Assert.Equal("""{"initial_acl":{"default":"allow"}}""", ObjectLifecycle.ValueFor(FalLifetime.Never, FalAcl.For(FalAccess.Public, null)));
        Assert.Null(ObjectLifecycle.ValueFor(FalLifetime.Never, null));
    }

    [Fact]
    public void A_user_named_in_another_script_goes_in_the_header_as_ascii_escapes()
    {
        var value = ObjectLifecycle.ValueFor(null, new FalAcl(FalAclDecision.Forbid, [new FalAclRule("zoë", FalAclDecision.Allow)]))!;

        Assert.All(value, c => Assert.InRange(c, ' ', '~'));
        Assert.Contains("zo\\u00eb", value, StringComparison.Ordinal);
        Assert.Equal("zoë", AclJson.Read(ApiJson.TryParse(System.Text.Encoding.UTF8.GetBytes(value))!.Elements().Single(), null)!.Rules.Single().User);
    }

    [Fact]
    public void An_acl_reads_back_from_the_platform_apis_json_and_one_it_cannot_read_is_null()
    {
        var acl = AclJson.Read(Parse("""{"default":"forbid","rules":[{"user":"bob","decision":"allow"},{"user":"eve","decision":"hide"}]}"""), "https://v3.fal.media/files/a.png");

        Assert.NotNull(acl);
        Assert.Equal(FalAclDecision.Forbid, acl.Default);
        Assert.Equal(FalAccess.Private, acl.Access);
        Assert.Equal("https://v3.fal.media/files/a.png", acl.Url);
        Assert.Equal(["Allow bob", "Hide eve"], acl.Rules.Select(r => r.ToString()));
        Assert.Null(AclJson.Read(Parse("""{"default":"maybe"}"""), null));
        Assert.Null(AclJson.Read(Parse("""{"default":"Forbid"}"""), null));
        Assert.Null(AclJson.Read(Parse("""{"rules":[]}"""), null));
        Assert.Null(AclJson.Read(Parse("""{"default":"allow","rules":[{"user":"bob"}]}"""), null));
    }

    [Fact]
    public void Rules_the_service_dropped_are_told_apart_from_rules_it_renamed()
    {
        var sent = new FalAcl(FalAclDecision.Forbid, [new("bob", FalAclDecision.Allow), new("usr_7", FalAclDecision.Allow), new("ghost", FalAclDecision.Allow), new("eve", FalAclDecision.Hide)]);

        // usr_7 came back as its nickname; ghost does not exist.
        var applied = new FalAcl(FalAclDecision.Forbid, [new("BOB", FalAclDecision.Allow), new("alice", FalAclDecision.Allow), new("eve", FalAclDecision.Hide)]);

        Assert.Equal(["Allow ghost"], applied.Dropped(sent).Select(r => r.ToString()));
        Assert.Empty(sent.Dropped(sent));
        Assert.Equal(["Hide eve"], new FalAcl(FalAclDecision.Forbid, [new("bob", FalAclDecision.Allow), new("usr_7", FalAclDecision.Allow), new("ghost", FalAclDecision.Allow)]).Dropped(sent).Select(r => r.ToString()));
    }

    [Fact]
    public void Acl_takes_a_hashtable_a_FalAcl_and_a_copy_from_a_job_and_says_what_is_wrong_with_anything_else()
    {
        var transform = new AclTransformationAttribute();

        var fromTable = (FalAcl)transform.Transform(null!, new Hashtable { ["default"] = "Private", ["Rules"] = new object[] { new Hashtable { ["User"] = "bob", ["Decision"] = "allow" } } })!;
        Assert.Equal("Private; Allow bob", fromTable.ToString());

        var oneRule = (FalAcl)transform.Transform(null!, new Hashtable { ["Default"] = "Hide", ["Rules"] = new Hashtable { ["User"] = "eve", ["Decision"] = "Forbid" } })!;
        Assert.Equal("Hidden; Forbid eve", oneRule.ToString());

        var copy = new PSObject();
        copy.Properties.Add(new PSNoteProperty("Default", "Forbid"));
        copy.Properties.Add(new PSNoteProperty("Rules", new object[] { new FalAclRule("bob", FalAclDecision.Allow) }));
        Assert.Equal("Private; Allow bob", transform.Transform(null!, copy)!.ToString());

        Assert.Same(fromTable, transform.Transform(null!, fromTable));
        Assert.Contains("Allow, Forbid or Hide", Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, new Hashtable { ["Default"] = "Secret" })).Message);
        Assert.Contains("has no Default", Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, new Hashtable { ["Rules"] = Array.Empty<object>() })).Message);
        Assert.Contains("names a User and a Decision", Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, new Hashtable { ["Default"] = "Forbid", ["Rules"] = new object[] { new Hashtable { ["User"] = "bob" } } })).Message);
        Assert.Contains("not a Int32", Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, 42)).Message);
    }

    [Theory]
    [InlineData("https://v3.fal.media/files/a.png", "https://v3.fal.media", true)]
    [InlineData("https://v3b.fal.media/files/a.png", "https://v3.fal.media", true)]
    [InlineData("http://127.0.0.1:8787/files/a.png", "http://127.0.0.1:8787", true)]
    [InlineData("http://127.0.0.1:8788/files/a.png", "http://127.0.0.1:8787", false)]
    [InlineData("https://127.0.0.1:8787/files/a.png", "http://127.0.0.1:8787", false)]
    [InlineData("https://evil.example/files/a.png", "https://v3.fal.media", false)]
    [InlineData("https://v3.fal.media.evil.example/files/a.png", "https://v3.fal.media", false)]
    [InlineData("http://v3.fal.media/files/a.png", "https://v3.fal.media", false)]
    [InlineData("https://v3.fal.media:8443/files/a.png", "https://v3.fal.media", false)]
    public void The_cdn_token_goes_only_to_the_sessions_cdn(string fileUrl, string cdn, bool accepted)
    {
        var token = new CdnTokenLease("secret-token", "Bearer", new Uri(cdn), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow);

        Assert.Equal(accepted, CdnHosts.Accepts(new Uri(fileUrl), token));
    }

    [Theory]
    [InlineData("https://rest.alpha.fal.ai", null, null, "https://api.fal.ai/v1")]
    [InlineData("https://rest.fal.ai/", null, null, "https://api.fal.ai/v1")]
    [InlineData("http://127.0.0.1:8787", null, null, "http://127.0.0.1:8787/v1")]
    [InlineData("http://127.0.0.1:8787/api/", null, null, "http://127.0.0.1:8787/api/v1")]
    [InlineData("http://rest.fal.ai", null, null, "http://rest.fal.ai/v1")]
    [InlineData("https://rest.fal.ai", "http://127.0.0.1:9000/platform", null, "http://127.0.0.1:9000/platform")]
    [InlineData("https://rest.fal.ai", null, "http://127.0.0.1:9001/v1", "http://127.0.0.1:9001/v1")]
    public void The_platform_api_goes_with_the_endpoint_unless_one_is_named(string endpoint, string? given, string? variable, string expected)
    {
        var environment = new Hashtable();
        if (variable != null)
        {
            environment[PlatformEndpoint.Variable] = variable;
        }

        Assert.Equal(new Uri(expected), PlatformEndpoint.Resolve(given, environment, new Uri(endpoint)));
    }

    [Theory]
    [InlineData("api.fal.ai/v1")]
    [InlineData("ftp://api.fal.ai/v1")]
    [InlineData("https://api.fal.ai/v1?x=1")]
    public void A_platform_endpoint_that_is_no_http_url_is_refused(string given)
    {
        Assert.Contains("not a usable fal Platform API endpoint", Assert.Throws<ArgumentException>(() => PlatformEndpoint.Resolve(given, new Hashtable(), new Uri("https://rest.fal.ai"))).Message);
    }

    private static System.Xml.Linq.XElement Parse(string json) => ApiJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json))!;
}
