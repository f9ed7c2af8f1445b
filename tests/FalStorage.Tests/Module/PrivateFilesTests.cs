using System.Net;
using FalStorage.Emulator;
using FalStorage.Emulator.Access;
using FalStorage.Tests.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Private files through the cmdlets, against an emulator with users alice and bob: uploads that ask for an ACL on
/// both flows and in parts, -Verify and -SkipUnchanged reading them back as their owner, the ACL cmdlets, signed links
/// and the account's settings, as issue 18's "done means" walks through them.
/// </summary>
public sealed class PrivateFilesTests : ModuleTests, IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;

    public async Task InitializeAsync() => _emulator = await PlatformApi.StartWithUsersAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("CdnToken", false)]
    [InlineData("SignedUrl", false)]
    [InlineData("CdnToken", true)]
    [InlineData("SignedUrl", true)]
    public async Task A_private_upload_answers_403_without_credentials_200_to_its_owner_and_403_to_another_user(string uploadFlow, bool inParts)
    {
        ConnectAs(PlatformApi.AliceKey, uploadFlow);
        var file = Files.WriteRandomFile("private.png", inParts ? (6 * 1024 * 1024) + 1 : 4000);

        var result = Host.Run("Send-FalAsset -Path $args[0] -Access Private -Verify -MultipartThreshold 5MB -PartSize 5MB", file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(FalAccess.Private, asset.Acl?.Access);
        Assert.NotNull(asset.Sha256);
        var url = new Uri(asset.FileUrl);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url, null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url, PlatformApi.AliceKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url, PlatformApi.BobKey));
        var stored = _emulator.Emulator.ListObjects().Single(o => o.FileName == "private.png");
        Assert.Equal(AclDecision.Forbid, stored.Acl?.Default);
        Assert.Equal(_emulator.Emulator.User("alice")!.Id, stored.Owner);
    }

    [Fact]
    public async Task Verify_and_SkipUnchanged_read_a_hidden_file_back_through_a_signed_link_where_the_service_offers_no_token()
    {
        await using var emulator = await PlatformApi.StartWithUsersAsync(options => options.TokenUpload = false);
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null", emulator.BaseAddress.ToString(), PlatformApi.AliceKey).AssertSucceeded();
        var file = Files.WriteRandomFile("hidden.png", 3000);
        var index = Path.Combine(Files.Path, "index.json");

        var first = Host.Run("Send-FalAsset -Path $args[0] -Access Hidden -Verify -SkipUnchanged -IndexPath $args[1]", file, index);
        var second = Host.Run("Send-FalAsset -Path $args[0] -Access Hidden -Verify -SkipUnchanged -IndexPath $args[1]", file, index);

        first.AssertSucceeded();
        second.AssertSucceeded();
        Assert.False(Assert.Single(first.OutputOf<FalAsset>()).Reused);
        var reused = Assert.Single(second.OutputOf<FalAsset>());
        Assert.True(reused.Reused);
        Assert.NotNull(reused.Sha256);
        Assert.Single(emulator.Emulator.ListObjects());
        using var anonymous = await emulator.HttpClient.ReadAsync(new Uri(reused.FileUrl));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task Set_FalAssetAcl_lets_bob_read_and_warns_of_the_users_the_service_dropped()
    {
        ConnectAs(PlatformApi.AliceKey);
        var asset = Upload("shared.png", "-Access Private");
        var url = new Uri(asset.FileUrl);

        var result = Host.Run("$args[0] | Set-FalAssetAcl -AllowUser bob, ghost", asset);

        result.AssertSucceeded();
        var applied = Assert.Single(result.OutputOf<FalAcl>());
        Assert.Equal(FalAclDecision.Forbid, applied.Default);
        Assert.Equal(["Allow bob"], applied.Rules.Select(r => r.ToString()));
        Assert.Equal(asset.FileUrl, applied.Url);
        Assert.Contains(result.Warnings, w => w.Contains("Allow ghost", StringComparison.Ordinal) && !w.Contains("Allow bob", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(url, PlatformApi.BobKey));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(url, null));
        Assert.Equal("Private; Allow bob", Host.Run("(Get-FalAssetAcl -Url $args[0]).ToString()", asset.FileUrl).Output.Single().ToString());
    }

    [Fact]
    public void Set_FalAssetAcl_WhatIf_changes_nothing_and_another_users_file_is_not_found()
    {
        ConnectAs(PlatformApi.AliceKey);
        var asset = Upload("mine.png", "-Access Hidden");

        Host.Run("Set-FalAssetAcl -Url $args[0] -Access Public -WhatIf", asset.FileUrl).AssertSucceeded();
        Assert.Equal(AclDecision.Hide, _emulator.Emulator.ListObjects().Single().Acl?.Default);

        ConnectAs(PlatformApi.BobKey);
        var bobs = Host.Run("Get-FalAssetAcl -Url $args[0]; Set-FalAssetAcl -Url $args[0] -Access Public", asset.FileUrl);
        Assert.Equal(2, bobs.Errors.Count);
        Assert.All(bobs.Errors, e => Assert.Equal("FalStorage.FileNotFound", e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.All(bobs.Errors, e => Assert.Contains("Request id req_", e.Exception.Message, StringComparison.Ordinal));
        Assert.Equal(AclDecision.Hide, _emulator.Emulator.ListObjects().Single().Acl?.Default);
    }

    [Fact]
    public async Task A_signed_link_of_a_hidden_file_reads_it_without_credentials()
    {
        ConnectAs(PlatformApi.AliceKey);
        var asset = Upload("hidden.png", "-Access Hidden");

        var result = Host.Run("$args[0] | New-FalSignedUrl -ExpiresIn 1h", asset);

        result.AssertSucceeded();
        var link = Assert.Single(result.OutputOf<FalSignedUrl>());
        Assert.Equal(asset.FileUrl, link.FileUrl);
        Assert.InRange(link.ExpiresAt, DateTimeOffset.Now.AddMinutes(59), DateTimeOffset.Now.AddMinutes(61));
        Assert.StartsWith(asset.FileUrl + "?identity=", link.Url, StringComparison.Ordinal);
        Assert.Equal(link.Url, Host.Run("[string]$args[0]", link).Output.Single().ToString());
        Assert.Equal(link.Url, Host.Run("([uri]$args[0]).AbsoluteUri", link).Output.Single().ToString());
        using var read = await _emulator.HttpClient.ReadAsync(new Uri(link.Url));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var anonymous = await _emulator.HttpClient.ReadAsync(new Uri(asset.FileUrl));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.DoesNotContain(result.Verbose, v => v.Contains("identity=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Set_FalStorageSetting_makes_alices_next_uploads_private_and_not_bobs_and_changes_only_what_it_is_given()
    {
        ConnectAs(PlatformApi.AliceKey);
        Host.Run("Set-FalStorageSetting -ExpiresIn 1d").AssertSucceeded();

        var whatIf = Host.Run("Set-FalStorageSetting -Access Private -WhatIf");
        whatIf.AssertSucceeded();
        Assert.Equal(FalAccess.Public, Assert.Single(Host.Run("Get-FalStorageSetting").OutputOf<FalStorageSetting>()).Access);

        var saved = Assert.Single(Host.Run("Set-FalStorageSetting -Access Private").OutputOf<FalStorageSetting>());
        Assert.Equal(FalAccess.Private, saved.Access);
        Assert.Equal(TimeSpan.FromDays(1), saved.ExpiresIn);
        var alices = new Uri(Upload("alice-after.png", string.Empty).FileUrl);

        ConnectAs(PlatformApi.BobKey);
        var bobs = new Uri(Upload("bob-after.png", string.Empty).FileUrl);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(alices, null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bobs, null));

        ConnectAs(PlatformApi.AliceKey);
        var reset = Assert.Single(Host.Run("Set-FalStorageSetting -ExpiresIn never -Access Public").OutputOf<FalStorageSetting>());
        Assert.Null(reset.ExpiresIn);
        Assert.Null(reset.Acl);
    }

    [Fact]
    public async Task A_ticket_requested_hidden_gives_a_hidden_file_and_its_asset_says_so()
    {
        ConnectAs(PlatformApi.AliceKey);
        var file = Files.WriteRandomFile("ticket.png", 2000);

        var result = Host.Run("$t = Request-FalUpload -FileName ticket.png -Access Hidden; Send-FalAsset -Path $args[0] -Ticket $t -Verify", file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(FalAccess.Hidden, asset.Acl?.Access);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(new Uri(asset.FileUrl), null));
    }

    [Fact]
    public async Task A_key_without_the_permission_stops_the_command_with_the_permission_it_needs()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
            options.Users.Add(new FalStorage.Emulator.Accounts.EmulatorUser("reader", PlatformApi.BobKey) { Permissions = FalStorage.Emulator.Accounts.KeyPermissions.AssetsRead }));
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null", emulator.BaseAddress.ToString(), PlatformApi.BobKey).AssertSucceeded();
        var asset = Upload("readonly.png", string.Empty);

        var result = Host.Run("Set-FalAssetAcl -Url $args[0], $args[0] -Access Private", asset.FileUrl);

        Assert.Equal("FalStorage.PermissionMissing", result.TerminatingError?.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("'assets:write'", result.TerminatingError!.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Errors);
    }

    private void ConnectAs(string key, string uploadFlow = "Auto") =>
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] -UploadFlow $args[2] | Out-Null", _emulator.BaseAddress.ToString(), key, uploadFlow).AssertSucceeded();

    private FalAsset Upload(string name, string parameters)
    {
        var result = Host.Run("Send-FalAsset -Path $args[0] " + parameters, Files.WriteRandomFile(name, 1000));
        result.AssertSucceeded();
        return Assert.Single(result.OutputOf<FalAsset>());
    }

    /// <summary>What the CDN answers a GET of <paramref name="url"/>: anonymous, or with the CDN token of <paramref name="key"/>.</summary>
    private async Task<HttpStatusCode> StatusAsync(Uri url, string? key)
    {
        var token = key == null ? null : (await _emulator.HttpClient.GetTokenAsync(key)).Token;
        using var response = await _emulator.HttpClient.ReadAsync(url, token);
        return response.StatusCode;
    }
}
