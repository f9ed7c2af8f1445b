using System.Management.Automation;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// What the private-file parameters and cmdlets refuse before any request: an ACL asked for two ways, users allowed on
/// a public file, a signed link's lifetime out of fal's range, a URL that is no file's, a setting with nothing to set.
/// Each is a clear error with a stable id, and nothing reaches the service.
/// </summary>
public sealed class PrivateFileInputTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{
    [Theory]
    [InlineData("Send-FalAsset -Path $args[0] -Access Private -Acl @{ Default = 'Hide' }")]
    [InlineData("Send-FalAsset -Path $args[0] -AllowUser bob -Acl @{ Default = 'Hide' }")]
    [InlineData("Send-FalAsset -Path $args[0] -Access Public -AllowUser bob")]
    [InlineData("Request-FalUpload -FileName a.png -Access Public -AllowUser bob")]
    [InlineData("Set-FalStorageSetting -Access Private -Acl @{ Default = 'Hide' }")]
    public void An_acl_asked_for_two_ways_or_users_allowed_on_a_public_file_is_refused_and_nothing_is_sent(string script)
    {
        var file = Files.WriteRandomFile("conflict.png", 100);
        var before = Emulator.Emulator.ListObjects().Count;

        var result = Host.Run(script, file);

        Assert.NotNull(result.TerminatingError);
        Assert.Equal("FalStorage.ConflictingAcl", result.TerminatingError!.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, result.TerminatingError.CategoryInfo.Category);
        Assert.Equal(before, Emulator.Emulator.ListObjects().Count);
    }

    [Theory]
    [InlineData("-Acl @{ Default = 'Secret' }", "ParameterArgumentTransformationError", "Allow, Forbid or Hide")]
    [InlineData("-Acl @{ Rules = @() }", "ParameterArgumentTransformationError", "has no Default")]
    [InlineData("-Acl 42", "ParameterArgumentTransformationError", "not a Int32")]
    [InlineData("-Access Secret", "CannotConvertArgumentNoMessage", "Public, Private, Hidden")]
    public void A_bad_acl_is_refused_at_binding_with_what_it_takes(string parameters, string errorId, string said)
    {
        var file = Files.WriteRandomFile("bad-acl.png", 100);
        var before = Emulator.Emulator.ListObjects().Count;

        var result = Host.Run("Send-FalAsset -Path $args[0] " + parameters, file);

        Assert.StartsWith(errorId + ",", result.TerminatingError?.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(said, result.TerminatingError!.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, Emulator.Emulator.ListObjects().Count);
    }

    [Theory]
    [InlineData("8d")]
    [InlineData("never")]
    [InlineData("7.00:00:01")]
    public void A_signed_link_lives_one_second_to_seven_days_and_more_is_refused_at_binding(string expiresIn)
    {
        var result = Host.Run("New-FalSignedUrl -Url https://v3.fal.media/files/a.png -ExpiresIn $args[0]", expiresIn);

        Assert.StartsWith("ParameterArgumentValidationError,", result.TerminatingError?.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("1 second to 7 days", result.TerminatingError!.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Get-FalAssetAcl")]
    [InlineData("Set-FalAssetAcl -Access Private")]
    [InlineData("New-FalSignedUrl")]
    public void A_url_that_is_no_files_is_that_items_error_and_the_others_go_on(string command)
    {
        var result = Host.Run("'not a url', 'https://v3.fal.media/files/a.png?signature=x', 'ftp://v3.fal.media/files/a.png' | " + command);

        Assert.Null(result.TerminatingError);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("FalStorage.NotAFileUrl", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        });
        // A signed link given where a file's URL belongs is not repeated: its query is the credential.
        Assert.DoesNotContain(result.Errors, error => error.ToString().Contains("signature=x", StringComparison.Ordinal) || $"{error.TargetObject}".Contains("signature=x", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_FalAssetAcl_needs_something_to_set_and_takes_Acl_alone()
    {
        Assert.StartsWith("MissingMandatoryParameter,", Host.Run("Set-FalAssetAcl -Url https://v3.fal.media/files/a.png").TerminatingError?.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("AmbiguousParameterSet,", Host.Run("Set-FalAssetAcl -Url https://v3.fal.media/files/a.png -Access Private -Acl @{ Default = 'Hide' }").TerminatingError?.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_FalStorageSetting_with_nothing_to_set_says_what_it_takes()
    {
        var result = Host.Run("Set-FalStorageSetting");

        Assert.Equal("FalStorage.InvalidRequest", result.TerminatingError?.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("-ExpiresIn, -Access, -AllowUser or -Acl", result.TerminatingError!.Exception.Message, StringComparison.Ordinal);
    }
}
