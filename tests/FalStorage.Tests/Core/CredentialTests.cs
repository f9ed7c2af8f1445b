using System.Collections;
using FalStorage.Core.Credentials;

namespace FalStorage.Tests.Core;

public sealed class CredentialTests
{
    [Fact]
    public void A_key_shows_only_masked()
    {
        var credential = new FalCredential("abcd1234-long-secret-key-WXYZ", "Parameter");

        Assert.Equal("****WXYZ", credential.Masked);
        Assert.Equal("****WXYZ", credential.ToString());
        Assert.Equal("Key abcd1234-long-secret-key-WXYZ", credential.AuthorizationHeaderValue);
        Assert.Equal("****", new FalCredential("short", "Parameter").Masked);
    }

    [Fact]
    public void Redact_replaces_every_occurrence_of_the_key()
    {
        var credential = new FalCredential("secret-key-0123456789", "Parameter");

        Assert.Equal("bad key ****6789 (****6789)", credential.Redact("bad key secret-key-0123456789 (secret-key-0123456789)"));
    }

    [Fact]
    public void Redact_replaces_the_secret_of_an_id_secret_key_on_its_own_too()
    {
        var credential = FalCredential.FromIdAndSecret("key-id-4711", "key-secret-0123456789", "Credential");

        Assert.Equal("secret ****6789 of key-id-4711 is wrong: ****6789", credential.Redact("secret key-secret-0123456789 of key-id-4711 is wrong: key-id-4711:key-secret-0123456789"));
    }

    [Fact]
    public void An_empty_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new FalCredential("  ", "Parameter"));
        Assert.Throws<ArgumentException>(() => FalCredential.FromIdAndSecret("id", "", "Credential"));
    }

    [Theory]
    [InlineData("key-id:secret\r\nX-Injected: 1")]
    [InlineData("key-id:secret\nmore")]
    [InlineData("key-id:sec\0ret")]
    [InlineData("key-id:sec\tret")]
    [InlineData("key-id:secrét")]
    public void A_key_an_HTTP_header_cannot_carry_is_refused_without_showing_it(string key)
    {
        var refused = Assert.Throws<ArgumentException>(() => new FalCredential(key, "Environment:FAL_KEY"));

        Assert.Contains("Environment:FAL_KEY", refused.Message);
        Assert.DoesNotContain("secret", refused.Message);
    }

    [Theory]
    [InlineData("Parameter", "given with -Key")]
    [InlineData("Credential", "given with -Credential")]
    [InlineData("Environment:FAL_KEY", "read from Environment:FAL_KEY")]
    public void A_key_with_a_line_break_is_refused_in_one_sentence_that_says_where_it_came_from_and_what_to_do(string source, string where)
    {
        var refused = Assert.Throws<ArgumentException>(() => new FalCredential("key-id:sec\r\nret", source));

        Assert.StartsWith("The fal API key " + where + " contains a line break", refused.Message);
        Assert.EndsWith("give the key again, on one line and with nothing else in it.", refused.Message);
        Assert.DoesNotContain(". ", refused.Message);
        Assert.DoesNotContain("(Parameter", refused.Message);
    }

    [Fact]
    public void An_empty_key_is_refused_in_one_sentence_without_a_parameter_name()
    {
        var refused = Assert.Throws<ArgumentException>(() => new FalCredential(" ", "Parameter"));

        Assert.DoesNotContain("(Parameter", refused.Message);
        Assert.DoesNotContain(". ", refused.Message);
    }

    [Fact]
    public void The_environment_is_read_as_fal_clients_read_it()
    {
        Assert.Null(CredentialResolver.FromEnvironment(new Hashtable()));
        Assert.Null(CredentialResolver.FromEnvironment(new Hashtable { ["FAL_KEY_ID"] = "only-the-id" }));

        var idAndSecret = CredentialResolver.FromEnvironment(new Hashtable { ["FAL_KEY_ID"] = "id", ["FAL_KEY_SECRET"] = "secret" })!;
        Assert.Equal("Key id:secret", idAndSecret.AuthorizationHeaderValue);

        var both = CredentialResolver.FromEnvironment(new Hashtable { ["FAL_KEY"] = "plain", ["FAL_KEY_ID"] = "id", ["FAL_KEY_SECRET"] = "secret" })!;
        Assert.Equal("Key plain", both.AuthorizationHeaderValue);
        Assert.Equal("Environment:FAL_KEY", both.Source);
    }

    [Theory]
    [InlineData(null, null, "https://rest.alpha.fal.ai/")]
    [InlineData(null, "rest.fal.ai", "https://rest.fal.ai/")]
    [InlineData("http://127.0.0.1:8787", "rest.fal.ai", "http://127.0.0.1:8787/")]
    [InlineData("http://localhost:8787/prefix", null, "http://localhost:8787/prefix")]
    public void The_endpoint_comes_from_the_parameter_then_FAL_REST_HOST(string? parameter, string? restHost, string expected)
    {
        var environment = new Hashtable { ["FAL_REST_HOST"] = restHost };

        Assert.Equal(expected, CredentialResolver.ResolveEndpoint(parameter, environment).AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://files.example")]
    [InlineData("https://rest.fal.ai/?x=1")]
    [InlineData("http://")]
    public void An_unusable_endpoint_is_refused(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => CredentialResolver.ResolveEndpoint(endpoint, new Hashtable()));
    }
}
