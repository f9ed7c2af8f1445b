using System.Management.Automation;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Save-FalAsset on the real engine against the emulator, as a user runs it.</summary>
public sealed class SaveFalAssetTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{
    [Fact]
    public void Uploaded_files_come_back_identical_in_input_order_with_no_temporary_file_left()
    {
        var sources = new[] { ("b-first.png", 1500), ("a-second.txt", 1), ("large.bin", (12 * 1024 * 1024) + 7), ("c-last.wav", 70_000) }
            .Select(f => Files.WriteRandomFile(Path.Combine("in", f.Item1), f.Item2)).ToArray();
        var back = Path.Combine(Files.Path, "back", "nested");

        var result = Host.Run("$args[0] | Send-FalAsset | Save-FalAsset -Destination $args[1]", sources, back);

        result.AssertSucceeded();
        var saved = result.OutputOf<FileInfo>();
        Assert.Equal(sources.Select(Path.GetFileName), saved.Select(f => f.Name));
        Assert.All(sources.Zip(saved), pair => Assert.Equal(File.ReadAllBytes(pair.First), File.ReadAllBytes(pair.Second.FullName)));
        Assert.Equal(sources.Select(Path.GetFileName).Order(), Directory.GetFiles(back).Select(Path.GetFileName).Order());
        var done = result.Progress.Last(p => p.Activity == "Downloading files");
        Assert.Equal(ProgressRecordType.Completed, done.RecordType);
        Assert.StartsWith("4 of 4 files, 12.1 MB of 12.1 MB, ", done.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_file_objects_save_under_their_file_names_and_never_outside_the_folder()
    {
        var asset = Host.Run("Send-FalAsset -Path $args[0]", Files.WriteRandomFile("result.png", 3000)).OutputOf<FalAsset>().Single();
        var destination = Path.Combine(Files.Path, "results");
        var json = $$"""
            [
              { "url": "{{asset.FileUrl}}", "content_type": "image/png", "file_name": "../../escaped.png", "file_size": 3000 },
              { "url": "{{asset.FileUrl}}", "content_type": "image/png", "file_name": "same.png", "file_size": 3000 },
              { "url": "{{asset.FileUrl}}", "content_type": "image/png", "file_name": "same.png", "file_size": 3000 },
              { "url": "{{asset.FileUrl}}", "content_type": "image/png", "file_name": "CON", "file_size": 3000 }
            ]
            """;

        var result = Host.Run(
            "($args[0] | ConvertFrom-Json) | Save-FalAsset -Destination $args[1]; @{ url = $args[2] } | Save-FalAsset -Destination $args[1]",
            json,
            destination,
            asset.FileUrl);

        result.AssertSucceeded();
        Assert.Equal(["escaped.png", "same.png", "same (2).png", "_CON", "result.png"], result.OutputOf<FileInfo>().Select(f => f.Name));
        Assert.All(result.OutputOf<FileInfo>(), f => Assert.Equal(destination, f.DirectoryName));
        Assert.False(File.Exists(Path.Combine(Files.Path, "escaped.png")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(Files.Path)!, "escaped.png")));
    }

    [Fact]
    public void An_existing_file_is_kept_when_its_bytes_differ_skipped_when_they_are_the_same_and_replaced_with_Force()
    {
        var source = Files.WriteRandomFile("photo.png", 5000);
        var destination = Directory.CreateDirectory(Path.Combine(Files.Path, "out")).FullName;
        var mine = Path.Combine(destination, "photo.png");
        File.WriteAllText(mine, "my own notes, not the photo");
        Host.Run("$global:asset = Send-FalAsset -Path $args[0]", source).AssertSucceeded();

        var refused = Host.Run("$asset | Save-FalAsset -Destination $args[0]", destination);
        Assert.Equal("my own notes, not the photo", File.ReadAllText(mine));
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("FalStorage.DestinationExists,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Empty(refused.Output);

        var forced = Host.Run("$asset | Save-FalAsset -Destination $args[0] -Force", destination);
        forced.AssertSucceeded();
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(mine));

        var again = Host.Run("$asset | Save-FalAsset -Destination $args[0] -Verbose", destination);
        again.AssertSucceeded();
        Assert.Equal(mine, Assert.Single(again.OutputOf<FileInfo>()).FullName);
        Assert.Contains(again.Verbose, line => line.Contains("already has these bytes", StringComparison.Ordinal));
        Assert.Equal([mine], Directory.GetFiles(destination));
    }

    [Fact]
    public void One_bad_input_is_an_error_of_its_own_and_the_others_are_saved()
    {
        var asset = Host.Run("Send-FalAsset -Path $args[0]", Files.WriteRandomFile("good.png", 100)).OutputOf<FalAsset>().Single();
        var missing = new Uri(Emulator.BaseAddress, "files/0123456789abcdef0123456789abcdef/missing.png").AbsoluteUri;
        var destination = Path.Combine(Files.Path, "mixed");
        var nobodyThere = new Uri(ClosedPort.Address(), "x.png").AbsoluteUri;

        // A host that refuses connections ends no command here, unlike a wrong -Endpoint: a result may point anywhere.
        var result = Host.Run(
            "'ftp://files.example/a.png', 'not a url', [pscustomobject]@{ name = 'no url' }, $args[0], $args[3], $args[1] | Save-FalAsset -Destination $args[2] -MaxRetries 0",
            missing,
            asset,
            destination,
            nobodyThere);

        Assert.Null(result.TerminatingError);
        Assert.Equal("good.png", Assert.Single(result.OutputOf<FileInfo>()).Name);
        Assert.Equal(
            ["FalStorage.InvalidUrl", "FalStorage.InvalidUrl", "FalStorage.InvalidUrl", "FalStorage.UrlNotFound", "FalStorage.EndpointUnreachable"],
            result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(nobodyThere, result.Errors[4].TargetObject);
        Assert.Equal(["good.png"], Directory.GetFiles(destination).Select(Path.GetFileName));
        Assert.Equal(missing, result.Errors[3].TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[3].CategoryInfo.Category);
        Assert.Contains("only http and https", result.Errors[0].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_compares_the_SHA_256_of_an_asset_and_saves_nothing_when_it_differs()
    {
        var source = Files.WriteRandomFile("checked.png", 3000);
        var asset = Host.Run("Send-FalAsset -Path $args[0] -Verify", source).OutputOf<FalAsset>().Single();
        var forged = new FalAsset(asset.FileUrl, "forged.png", asset.ContentType, asset.Length, source, new string('0', 64), null);
        var destination = Path.Combine(Files.Path, "verified");

        var result = Host.Run("$args[0], $args[1] | Save-FalAsset -Destination $args[2] -Verify -Verbose", asset, forged, destination);

        Assert.Equal("checked.png", Assert.Single(result.OutputOf<FileInfo>()).Name);
        Assert.Contains(result.Verbose, line => line.Contains("has the SHA-256 of its asset", StringComparison.Ordinal));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.VerificationFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(asset.FileUrl, error.TargetObject);
        Assert.Equal(["checked.png"], Directory.GetFiles(destination).Select(Path.GetFileName));
    }

    [Fact]
    public void WhatIf_downloads_nothing_and_creates_no_folder()
    {
        var asset = Host.Run("Send-FalAsset -Path $args[0]", Files.WriteRandomFile("whatif.png", 100)).OutputOf<FalAsset>().Single();
        var destination = Path.Combine(Files.Path, "never");

        var result = Host.Run("$args[0] | Save-FalAsset -Destination $args[1] -WhatIf", asset, destination);

        result.AssertSucceeded();
        Assert.Empty(result.Output);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public void FileName_names_a_single_file_and_refuses_several()
    {
        var asset = Host.Run("Send-FalAsset -Path $args[0]", Files.WriteRandomFile("named.png", 100)).OutputOf<FalAsset>().Single();

        var one = Host.Run("Save-FalAsset -Url $args[0] -Destination $args[1] -FileName 'chosen.png'", asset.FileUrl, Files.Path);
        var two = Host.Run("Save-FalAsset -Url $args[0], $args[0] -Destination $args[1] -FileName 'both.png'", asset.FileUrl, Files.Path);

        one.AssertSucceeded();
        Assert.Equal(Path.Combine(Files.Path, "chosen.png"), Assert.Single(one.OutputOf<FileInfo>()).FullName);
        Assert.StartsWith("FalStorage.SingleFileOnly,", Assert.Single(two.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(Path.Combine(Files.Path, "both.png")));
    }

    [Fact]
    public void A_relative_Destination_is_taken_from_the_current_location()
    {
        var asset = Host.Run("Send-FalAsset -Path $args[0]", Files.WriteRandomFile("here.png", 100)).OutputOf<FalAsset>().Single();

        var result = Host.Run("Set-Location -LiteralPath $args[1]; $args[0] | Save-FalAsset -Destination ./rel; Save-FalAsset $args[0] -FileName cwd.png", asset, Files.Path);

        result.AssertSucceeded();
        Assert.Equal([Path.Combine(Files.Path, "rel", "here.png"), Path.Combine(Files.Path, "cwd.png")], result.OutputOf<FileInfo>().Select(f => f.FullName));
    }
}
