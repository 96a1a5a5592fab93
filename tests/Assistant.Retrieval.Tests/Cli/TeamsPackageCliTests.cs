using System.IO.Compression;
using System.Text.Json.Nodes;
using Assistant.Indexer.Cli;
using Assistant.Indexer.Teams;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>
/// "assistant-indexer teams-package" run in-process on the real template, icons and manifest schema in teams/ (copied
/// beside the program), checking what Teams would check before accepting the package.
/// </summary>
public sealed class TeamsPackageCliTests : IDisposable
{
    private const string AppId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    private const string Domain = "bot.example.gov.vn";
    private static readonly string TeamsFolder = Path.Combine(RepoPaths.Root, "teams");

    private readonly ScratchFolder _folder = new("assistant-teams-package-");

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private async Task<(byte[] Zip, JsonNode Manifest)> BuildValidAsync(params string[] extra)
    {
        var output = _folder.File($"teams-{Guid.NewGuid():N}.zip");
        var (exit, stdout, stderr) = await CliEnvironment.RunAsync(["teams-package", "--app-id", AppId, "--domain", Domain, "--out", output, .. extra]);
        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
        var zip = await File.ReadAllBytesAsync(output);
        return (zip, JsonNode.Parse(Entries(zip)["manifest.json"])!);
    }

    /// <summary>A template folder like teams/ with the manifest template changed by <paramref name="edit"/>.</summary>
    private string TemplateWith(Action<JsonObject> edit, PngImage? outline = null)
    {
        var dir = _folder.Folder($"template-{Guid.NewGuid():N}");
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, TeamsPackageBuilder.TemplateFileName)))!.AsObject();
        edit(template);
        File.WriteAllText(Path.Combine(dir, TeamsPackageBuilder.TemplateFileName), template.ToJsonString());
        File.Copy(Path.Combine(TeamsFolder, "color.png"), Path.Combine(dir, "color.png"));
        if (outline is null) File.Copy(Path.Combine(TeamsFolder, "outline.png"), Path.Combine(dir, "outline.png"));
        else File.WriteAllBytes(Path.Combine(dir, "outline.png"), outline.Encode());
        return dir;
    }

    private async Task<(int Exit, string Err)> ValidateAsync(byte[] zip)
    {
        var file = _folder.File($"check-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(file, zip);
        var (exit, stdout, stderr) = await CliEnvironment.RunAsync("teams-package", "validate", file);
        return (exit, stdout + stderr);
    }

    private static byte[] Rezip(byte[] zip, Func<Dictionary<string, byte[]>, IEnumerable<(string, byte[])>> change) =>
        TeamsPackageBuilder.Zip(change(Entries(zip)));

    [Fact]
    public async Task The_built_package_holds_exactly_the_manifest_and_two_icons_at_its_root_and_validates()
    {
        var (zip, manifest) = await BuildValidAsync("--version", "1.2.3");

        Assert.Equal(["color.png", "manifest.json", "outline.png"], Entries(zip).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1.30", (string?)manifest["manifestVersion"]);
        Assert.Equal("1.2.3", (string?)manifest["version"]);
        Assert.Equal(AppId, (string?)manifest["id"]);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(AppId, (string?)bot["botId"]);
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["tra cứu thửa", "tra cứu số giấy chứng nhận", "tra cứu văn bản", "trợ giúp"],
            bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => (string?)c!["title"]));
        var search = manifest["composeExtensions"]![0]!;
        Assert.Equal(AppId, (string?)search["botId"]);
        Assert.Equal("query", (string?)search["commands"]![0]!["type"]);
        Assert.Equal("Tra cứu hồ sơ lưu trữ", (string?)search["commands"]![0]!["title"]);
        Assert.Single(search["commands"]![0]!["parameters"]!.AsArray());
        Assert.Equal([Domain], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Null(manifest["webApplicationInfo"]);
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);

        var (exit, output) = await ValidateAsync(zip);
        Assert.True(exit == ExitCodes.Ok, output);
        Assert.Contains("hợp lệ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_settings_give_the_same_bytes()
    {
        var (first, _) = await BuildValidAsync();
        var (second, _) = await BuildValidAsync();
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Sso_adds_webApplicationInfo_for_the_app_registration()
    {
        var (_, manifest) = await BuildValidAsync("--sso");
        Assert.Equal(AppId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal($"api://botid-{AppId}", (string?)manifest["webApplicationInfo"]!["resource"]);
    }

    [Fact]
    public async Task Settings_come_from_a_configuration_file_with_the_bots_own_app_id()
    {
        var settings = _folder.File("appsettings.Production.json");
        await File.WriteAllTextAsync(settings, $$"""
            {
              "Bot": { "MicrosoftAppId": "{{AppId}}", "MicrosoftAppPassword": "" },
              "TeamsApp": {
                "Domain": "tro-ly.hanoi.example.vn",
                "Version": "2.0.1",
                "DeveloperName": "Sở NN và MT Hà Nội",
                "PrivacyUrl": "https://hanoi.example.vn/quyen-rieng-tu",
                "TermsOfUseUrl": "https://hanoi.example.vn/dieu-khoan"
              }
            }
            """);
        var output = _folder.File("from-settings.zip");

        var (exit, stdout, stderr) = await CliEnvironment.RunAsync("teams-package", "--settings", settings, "--out", output);

        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
        Assert.DoesNotContain("Lưu ý", stderr, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(Entries(await File.ReadAllBytesAsync(output))["manifest.json"])!;
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("2.0.1", (string?)manifest["version"]);
        Assert.Equal(["tro-ly.hanoi.example.vn"], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("Sở NN và MT Hà Nội", (string?)manifest["developer"]!["name"]);
        Assert.Equal("https://hanoi.example.vn/quyen-rieng-tu", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("https://tro-ly.hanoi.example.vn/", (string?)manifest["developer"]!["websiteUrl"]);
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid", "không phải GUID")]
    [InlineData("--app-id", "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}", "không phải GUID")]
    [InlineData("--app-id", "00000000-0000-0000-0000-000000000000", "toàn số 0")]
    [InlineData("--domain", "https://bot.example.gov.vn", "không được có giao thức (bỏ 'https://')")]
    [InlineData("--domain", "bot.example.gov.vn/api/messages", "không được có đường dẫn")]
    [InlineData("--domain", "bot.example.gov.vn:8443", "không được có cổng")]
    [InlineData("--domain", "203.0.113.7", "là địa chỉ IP")]
    [InlineData("--domain", "localhost", "ít nhất một dấu chấm")]
    [InlineData("--domain", "bot_lan.example.vn", "không hợp lệ")]
    [InlineData("--version", "1.0", "cần dạng số.số.số")]
    [InlineData("--version", "01.0.0", "cần dạng số.số.số")]
    [InlineData("--privacy-url", "http://hanoi.example.vn/rieng-tu", "cần địa chỉ https://")]
    [InlineData("--developer-name", "Sở Nông nghiệp và Môi trường thành phố Hà Nội", "tối đa 32")]
    public async Task Bad_input_exits_2_with_the_reason_in_Vietnamese_and_writes_nothing(string option, string value, string reason)
    {
        var output = _folder.File("bad.zip");
        var args = new Dictionary<string, string> { ["--app-id"] = AppId, ["--domain"] = Domain, [option] = value };

        var (exit, _, stderr) = await CliEnvironment.RunAsync(["teams-package", .. args.SelectMany(a => new[] { a.Key, a.Value }), "--out", output]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
        Assert.StartsWith("Lỗi:", stderr.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Without_an_app_id_or_domain_it_says_which_setting_is_missing()
    {
        var (exit, _, stderr) = await CliEnvironment.RunAsync("teams-package", "--domain", Domain, "--out", _folder.File("x.zip"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Thiếu mã ứng dụng (--app-id", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await CliEnvironment.RunAsync("teams-package", "--app-id", AppId, "--out", _folder.File("x.zip"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Thiếu tên miền của bot (--domain", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_whose_bot_has_no_id_is_rejected_with_the_reason_and_not_written()
    {
        var template = TemplateWith(m => m["bots"]![0]!.AsObject().Remove("botId"));
        var output = _folder.File("no-bot-id.zip");

        var (exit, _, stderr) = await CliEnvironment.RunAsync("teams-package", "--app-id", AppId, "--domain", Domain, "--template", template, "--out", output);

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("manifest.json #/bots[0].botId: thiếu trường bắt buộc.", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_outline_icon_of_the_wrong_size_is_rejected_with_the_reason()
    {
        var big = new PngImage(64, 64);
        big[10, 10] = (255, 255, 255, 255);
        var template = TemplateWith(_ => { }, outline: big);

        var (exit, _, stderr) = await CliEnvironment.RunAsync("teams-package", "--app-id", AppId, "--domain", Domain, "--template", template, "--out", _folder.File("big.zip"));

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Biểu tượng outline 'outline.png': cần 32×32 điểm ảnh, tệp là 64×64.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outline_icon_that_is_not_white_on_transparent_is_rejected()
    {
        var (zip, _) = await BuildValidAsync();
        var coloured = TeamsIcons.Outline();
        coloured[16, 16] = (11, 110, 79, 255);
        var opaque = new PngImage(32, 32);
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++) opaque[x, y] = (255, 255, 255, 255);

        var (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key, f.Key == "outline.png" ? coloured.Encode() : f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("chỉ được dùng màu trắng trên nền trong suốt, có 1 điểm ảnh màu khác trắng", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key, f.Key == "outline.png" ? opaque.Encode() : f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("nền phải trong suốt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_colour_icon_that_is_not_a_png_of_192_pixels_is_rejected()
    {
        var (zip, _) = await BuildValidAsync();

        var (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key, f.Key == "color.png" ? "GIF89a"u8.ToArray() : f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Biểu tượng color 'color.png': không phải tệp PNG", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key, f.Key == "color.png" ? TeamsIcons.Outline().Encode() : f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Biểu tượng color 'color.png': cần 192×192 điểm ảnh, tệp là 32×32.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_with_files_in_a_folder_an_extra_file_or_a_missing_icon_is_rejected()
    {
        var (zip, _) = await BuildValidAsync();

        var (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key == "manifest.json" ? f.Key : "appPackage/" + f.Key, f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Gói có 'appPackage/color.png' trong thư mục con", output, StringComparison.Ordinal);
        Assert.Contains("Gói thiếu biểu tượng outline 'outline.png'", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(Rezip(zip, e => e.Select(f => (f.Key, f.Value)).Append(("README.txt", "x"u8.ToArray()))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Gói có tệp thừa 'README.txt'", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(Rezip(zip, e => e.Where(f => f.Key != "manifest.json").Select(f => (f.Key, f.Value))));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Gói thiếu manifest.json ở thư mục gốc.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_on_another_schema_version_or_with_a_scheme_in_validDomains_is_rejected()
    {
        var (zip, _) = await BuildValidAsync();
        byte[] WithManifest(Action<JsonObject> edit) => Rezip(zip, e => e.Select(f =>
        {
            if (f.Key != "manifest.json") return (f.Key, f.Value);
            var m = JsonNode.Parse(f.Value)!.AsObject();
            edit(m);
            return (f.Key, System.Text.Encoding.UTF8.GetBytes(m.ToJsonString()));
        }));

        var (exit, output) = await ValidateAsync(WithManifest(m => m["manifestVersion"] = "1.29"));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("#/manifestVersion: là '1.29', gói này kiểm theo lược đồ 1.30", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(WithManifest(m => m["validDomains"] = new JsonArray("https://bot.example.gov.vn")));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("#/validDomains: 'https://bot.example.gov.vn' phải là tên miền", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(WithManifest(m => m["developer"]!["privacyUrl"] = "ftp://hanoi.example.vn"));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("manifest.json #/developer.privacyUrl: giá trị sai định dạng.", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(WithManifest(m => m["name"]!["short"] = new string('x', 31)));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("manifest.json #/name.short: chuỗi dài quá mức cho phép.", output, StringComparison.Ordinal);

        (exit, output) = await ValidateAsync(WithManifest(m => m["botName"] = "x"));
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("manifest.json #/botName: trường này không có trong lược đồ.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_fails_the_check_and_a_missing_file_is_a_user_error()
    {
        var (exit, output) = await ValidateAsync("PK not really"u8.ToArray());
        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Contains("Tệp không phải gói zip hợp lệ.", output, StringComparison.Ordinal);

        var (missing, _, stderr) = await CliEnvironment.RunAsync("teams-package", "validate", _folder.File("none.zip"));
        Assert.Equal(ExitCodes.UserError, missing);
        Assert.Contains("Không thấy tệp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_command_and_an_unknown_subcommand_is_a_user_error()
    {
        var (exit, output, _) = await CliEnvironment.RunAsync("--help");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("assistant-indexer teams-package [build] --app-id GUID --domain", output, StringComparison.Ordinal);

        var (bad, _, stderr) = await CliEnvironment.RunAsync("teams-package", "publish");
        Assert.Equal(ExitCodes.UserError, bad);
        Assert.Contains("lệnh con không hợp lệ 'publish'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_icons_are_the_ones_the_generator_draws()
    {
        foreach (var (file, drawn) in new[] { ("color.png", TeamsIcons.Color()), ("outline.png", TeamsIcons.Outline()) })
        {
            var committed = PngImage.Decode(File.ReadAllBytes(Path.Combine(TeamsFolder, file)));
            Assert.Equal((drawn.Width, drawn.Height), (committed.Width, committed.Height));
            for (var y = 0; y < drawn.Height; y++)
                for (var x = 0; x < drawn.Width; x++)
                    Assert.True(drawn[x, y] == committed[x, y], $"{file} ({x},{y}): drawn {drawn[x, y]}, committed {committed[x, y]}");
        }
        // The drawing is not blank: the outline has both ink and background, the colour icon both accent and white.
        var outline = TeamsIcons.Outline();
        var alphas = Enumerable.Range(0, 32 * 32).Select(i => outline[i % 32, i / 32].A).ToList();
        Assert.Contains((byte)0, alphas);
        Assert.Contains((byte)255, alphas);
        var color = TeamsIcons.Color();
        Assert.Equal(((byte)0x0B, (byte)0x6E, (byte)0x4F, (byte)255), color[0, 0]);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)255), color[96, 44]);
    }

    [Fact]
    public void The_template_and_the_shipped_schema_are_on_the_same_manifest_version()
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, TeamsPackageBuilder.TemplateFileName)))!;
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, TeamsPackageValidator.SchemaRelativePath)))!;
        Assert.Equal(TeamsPackageValidator.SchemaVersion, (string?)template["manifestVersion"]);
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{TeamsPackageValidator.SchemaVersion}/MicrosoftTeams.schema.json", (string?)template["$schema"]);
        Assert.Equal(TeamsPackageValidator.SchemaVersion, (string?)schema["properties"]!["manifestVersion"]!["const"]);
        Assert.Contains($"v{TeamsPackageValidator.SchemaVersion}/MicrosoftTeams.schema.json", File.ReadAllText(Path.Combine(TeamsFolder, "schema", "SOURCES.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Icons_command_draws_icons_that_pass_the_icon_rules()
    {
        var dir = _folder.Folder("icons");
        var (exit, stdout, stderr) = await CliEnvironment.RunAsync("teams-package", "icons", "--out", dir);
        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
        var template = TemplateWith(_ => { });
        File.Copy(Path.Combine(dir, "outline.png"), Path.Combine(template, "outline.png"), overwrite: true);
        File.Copy(Path.Combine(dir, "color.png"), Path.Combine(template, "color.png"), overwrite: true);

        (exit, stdout, stderr) = await CliEnvironment.RunAsync("teams-package", "--app-id", AppId, "--domain", Domain, "--template", template, "--out", _folder.File("drawn.zip"));
        Assert.True(exit == ExitCodes.Ok, stdout + stderr);
    }
}
