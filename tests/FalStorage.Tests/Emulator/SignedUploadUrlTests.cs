using System.Globalization;
using System.Net;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Tests.Emulator;

public sealed class SignedUploadUrlTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_upload_url_carries_an_expiry_and_a_signature()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);

        var query = QueryHelpers.ParseQuery(uploadUrl.Query);
        Assert.True(long.TryParse(query["expires"], out var expires));
        var lifetime = DateTimeOffset.FromUnixTimeSeconds(expires) - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.False(string.IsNullOrEmpty(query["signature"]));
    }

    [Fact]
    public async Task A_tampered_signature_is_403()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        await AssertForbiddenAsync(WithQuery(uploadUrl, "signature", WithFirstCharacterChanged(SignatureOf(uploadUrl))));
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("expires")]
    public async Task A_missing_parameter_is_403(string parameter)
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);

        await AssertForbiddenAsync(WithQuery(uploadUrl, parameter, null));
    }

    [Fact]
    public async Task A_repeated_signature_is_403()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var signature = QueryHelpers.ParseQuery(uploadUrl.Query)["signature"].ToString();

        await AssertForbiddenAsync(new Uri(uploadUrl + "&signature=" + signature));
    }

    [Fact]
    public async Task A_large_body_sent_to_a_refused_url_gets_the_403_rather_than_a_reset()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var tampered = WithQuery(uploadUrl, "signature", WithFirstCharacterChanged(SignatureOf(uploadUrl)));

        for (var i = 0; i < 3; i++)
        {
            using var response = await fixture.HttpClient.PutAsync(tampered, new ByteArrayContent(new byte[8 * 1024 * 1024]));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    public static TheoryData<string> MalformedSignatures => new()
    {
        "padded", "double padded", "standard alphabet", "stray low bits", "space inside", "leading space",
        "truncated", "one character longer", "empty", "non-ASCII", "NUL", "percent junk",
    };

    /// <summary>Each spelling once decoded to the same bytes (200) or threw in the decoder (500).</summary>
    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public async Task A_malformed_signature_is_403_on_every_signed_route(string how)
    {
        var (single, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var (multipart, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);

        await AssertForbiddenAsync(WithQuery(single, "signature", Malformed(SignatureOf(single), how)));
        var tampered = WithQuery(multipart, "signature", Malformed(SignatureOf(multipart), how));
        using var part = await fixture.HttpClient.PutPartAsync(tampered, 1, [1]);
        using var complete = await fixture.HttpClient.CompleteAsync(tampered, [(1, "\"x\"")]);

        Assert.Equal(HttpStatusCode.Forbidden, part.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, complete.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "uploads", multipart.Segments[^1] + ".parts")));
    }

    [Fact]
    public async Task Every_single_character_change_of_the_signature_or_the_expiry_is_403()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var signature = SignatureOf(uploadUrl);
        var expires = QueryHelpers.ParseQuery(uploadUrl.Query)["expires"].ToString();

        for (var i = 0; i < signature.Length; i++)
        {
            // Flip the top bit of the character's 6: it is significant in every position, the last one included.
            var changed = Base64UrlAlphabet[Base64UrlAlphabet.IndexOf(signature[i], StringComparison.Ordinal) ^ 32];
            await AssertForbiddenAsync(WithQuery(uploadUrl, "signature", signature[..i] + changed + signature[(i + 1)..]));
        }

        for (var i = 0; i < expires.Length; i++)
        {
            var changed = (char)('0' + ((expires[i] - '0' + 1) % 10));
            await AssertForbiddenAsync(WithQuery(uploadUrl, "expires", expires[..i] + changed + expires[(i + 1)..]));
        }

        using var intact = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.OK, intact.StatusCode);
    }

    [Fact]
    public async Task A_prolonged_expiry_is_403()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var expires = long.Parse(QueryHelpers.ParseQuery(uploadUrl.Query)["expires"]!, CultureInfo.InvariantCulture);

        await AssertForbiddenAsync(WithQuery(uploadUrl, "expires", (expires + 3600).ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_signature_moved_to_another_upload_id_is_403()
    {
        var (first, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        var (second, secondFile) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);

        await AssertForbiddenAsync(new Uri(second.GetLeftPart(UriPartial.Path) + first.Query));

        using var notServed = await fixture.HttpClient.GetAsync(secondFile);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
    }

    [Fact]
    public async Task An_upload_url_with_a_tiny_lifetime_expires()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.UploadUrlLifetime = TimeSpan.FromMilliseconds(1));
        var (uploadUrl, _) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        // Expiry is in whole seconds rounded down, so it has passed within the millisecond.
        await Task.Delay(TimeSpan.FromMilliseconds(5));
        using var response = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", (await response.ReadDetailAsync()).GetString());
    }

    [Fact]
    public async Task An_upload_url_is_valid_until_its_lifetime_has_passed_exactly()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.UploadUrlLifetime = TimeSpan.FromMinutes(2);
        });
        var (first, _) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        var (second, _) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        clock.Now += TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1);
        using var inTime = await emulator.HttpClient.PutAsync(first, new ByteArrayContent([1]));
        clock.Now += TimeSpan.FromSeconds(1);
        using var late = await emulator.HttpClient.PutAsync(second, new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }

    [Fact]
    public async Task An_upload_url_survives_a_restart_on_the_same_data_folder()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        var pathAndQuery = uploadUrl.PathAndQuery;
        var filePath = fileUrl.PathAndQuery;

        await emulator.RestartAsync();
        using var put = await emulator.HttpClient.PutAsync(pathAndQuery, new ByteArrayContent([7, 8, 9]));
        var served = await emulator.HttpClient.GetByteArrayAsync(filePath);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([7, 8, 9], served);
    }

    [Fact]
    public async Task A_signed_url_from_another_data_folder_is_403()
    {
        await using var other = await EmulatorFixture.StartAsync();
        var (foreignUrl, _) = await other.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        await AssertForbiddenAsync(new Uri(fixture.BaseAddress, foreignUrl.PathAndQuery));
    }

    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static string SignatureOf(Uri uploadUrl) => QueryHelpers.ParseQuery(uploadUrl.Query)["signature"].ToString();

    /// <summary>The first character changed, whatever it was (every bit of it counts; the last one has padding bits).</summary>
    private static string WithFirstCharacterChanged(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private static string Malformed(string signature, string how) => how switch
    {
        "padded" => signature + "=",
        "double padded" => signature + "==",
        "standard alphabet" => "+" + signature[1..^1] + "/",
        "stray low bits" => signature[..^1] + Base64UrlAlphabet[Base64UrlAlphabet.IndexOf(signature[^1], StringComparison.Ordinal) ^ 1],
        "space inside" => signature[..20] + " " + signature[20..],
        "leading space" => " " + signature,
        "truncated" => signature[..^1],
        "one character longer" => signature + "A",
        "empty" => "",
        "non-ASCII" => "\u00e9" + signature[1..],
        "NUL" => signature + "\0",
        "percent junk" => signature[..10] + "%zz%" + signature[10..],
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
    };

    private async Task AssertForbiddenAsync(Uri uploadUrl)
    {
        using var response = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.ReadDetailAsync()).GetString()));
        Assert.DoesNotContain(fixture.Emulator.ListObjects(), stored => uploadUrl.AbsolutePath.EndsWith(stored.Id, StringComparison.Ordinal));
    }

    private static Uri WithQuery(Uri url, string name, string? value)
    {
        var query = QueryHelpers.ParseQuery(url.Query);
        query.Remove(name);
        var rebuilt = query.SelectMany(pair => pair.Value.Select(item => KeyValuePair.Create(pair.Key, item)));
        if (value is not null)
        {
            rebuilt = rebuilt.Append(KeyValuePair.Create(name, (string?)value));
        }

        return new Uri(QueryHelpers.AddQueryString(url.GetLeftPart(UriPartial.Path), rebuilt));
    }
}
