using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Access.PersonalData;
using Assistant.Audit;
using Assistant.Triage.Protection;
using Assistant.Triage.Storage;

namespace Assistant.Indexer.Cli;

/// <summary>
/// personal-data export | erase: one person's dossiers in the triage store (Law 91/2025/QH15: the right to a copy and the
/// right to erasure), chosen by dossier id or by the ID number found in them (looked up through the keyed-hash index; the
/// number is never written anywhere). Export writes the decrypted dossiers to a JSON file; erase deletes them with their
/// overrides and index rows. Each dossier touched leaves an audit row: actor "cli:" + the OS user (or --operator),
/// action personal-data.export / personal-data.erase, target the dossier id.
/// </summary>
public sealed class PersonalDataCommand : CliCommand
{
    public override string Name => "personal-data";
    public override string Usage =>
        "assistant-indexer personal-data export|erase --triage-db TỆP --keys THƯ_MỤC --audit-db TỆP (--dossier MÃ | --id-number SỐ) [--out TỆP] [--operator TÊN] [--yes]";
    protected override IEnumerable<string> ValueOptions => ["triage-db", "keys", "audit-db", "dossier", "id-number", "out", "operator"];
    protected override IEnumerable<string> FlagOptions => ["yes"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 1 || cl.Positionals[0] is not ("export" or "erase"))
            throw new UserErrorException($"personal-data cần đúng một lệnh con: export hoặc erase.\nCách dùng: {Usage}");
        var erase = cl.Positionals[0] == "erase";
        var triageDb = ExistingFile(cl, "triage-db", "tệp hồ sơ phân loại, Triage:DatabasePath của bot");
        var auditDb = ExistingFile(cl, "audit-db", "tệp nhật ký kiểm toán, Audit:DatabasePath của bot");
        var keys = cl.Value("keys") ?? throw new UserErrorException($"Thiếu --keys THƯ_MỤC (thư mục khóa, DataProtection:KeysPath của bot).\nCách dùng: {Usage}");
        var dossier = cl.Value("dossier");
        var idNumber = cl.Value("id-number");
        if ((dossier is null) == (idNumber is null))
            throw new UserErrorException($"Cần đúng một trong hai: --dossier MÃ hoặc --id-number SỐ.\nCách dùng: {Usage}");
        if (idNumber is not null && PersonalDataScrubber.NormalizeIdNumber(idNumber) is null)
            throw new UserErrorException("--id-number phải là số CCCD (12 chữ số) hoặc CMND (9 chữ số); dấu cách và dấu chấm được bỏ qua.");
        if (erase && cl.Value("out") is not null) throw new UserErrorException("--out chỉ dùng với export.");
        var actor = "cli:" + (cl.Value("operator") is { Length: > 0 } op ? op : Environment.UserName);

        DataProtectionDossierProtector protector;
        TriageStore store;
        try
        {
            protector = DataProtectionDossierProtector.ForKeysDirectory(keys, createKeys: false);
            store = new TriageStore(triageDb, TimeProvider.System, protector);
        }
        catch (DossierKeysUnavailableException e)
        {
            throw new UserErrorException(e.Message);
        }
        using (protector)
        using (var trail = new SqliteAuditTrail(auditDb, TimeProvider.System))
        {
            var action = erase ? AuditActions.PersonalDataErase : AuditActions.PersonalDataExport;
            var ids = dossier is not null ? (store.Export(dossier) is null ? [] : [dossier]) : store.DossierIdsForIdNumber(idNumber!);
            if (ids.Count == 0)
            {
                // The target is the dossier id asked for, or nothing: an ID number never goes into the trail.
                trail.Append(new AuditEntry(actor, "operator", null, action, dossier, null, AuditOutcomes.NotFound));
                await stderr.WriteLineAsync(dossier is not null
                    ? $"Không tìm thấy hồ sơ mã {dossier} trong {Path.GetFullPath(triageDb)}."
                    : "Không có hồ sơ nào chứa số định danh này.");
                return ExitCodes.UserError;
            }
            return erase
                ? await EraseAsync(store, trail, actor, ids, cl.Flag("yes"), stdout)
                : await ExportAsync(store, trail, actor, ids, cl.Value("out"), stdout);
        }
    }

    private static string ExistingFile(CommandLine cl, string option, string what)
    {
        var path = cl.Value(option) ?? throw new UserErrorException($"Thiếu --{option} TỆP ({what}).");
        if (!File.Exists(path)) throw new UserErrorException($"Không có tệp '{Path.GetFullPath(path)}' (--{option}).");
        return path;
    }

    private static async Task<int> ExportAsync(TriageStore store, IAuditTrail trail, string actor, IReadOnlyList<string> ids, string? outPath, TextWriter stdout)
    {
        var now = TimeProvider.System.GetUtcNow();
        var dossiers = new JsonArray();
        foreach (var id in ids)
        {
            var record = store.Export(id);
            if (record is null) continue;
            dossiers.Add(new JsonObject
            {
                ["id"] = record.Id,
                ["receivedAt"] = record.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
                ["storedAt"] = record.StoredAt.ToString("O", CultureInfo.InvariantCulture),
                ["request"] = JsonNode.Parse(record.RequestJson),
                ["result"] = JsonNode.Parse(record.ResultJson),
                ["overrides"] = new JsonArray(record.Overrides.Select(o => (JsonNode)new JsonObject
                {
                    ["procedureCode"] = o.ProcedureCode,
                    ["unitCode"] = o.UnitCode,
                    ["officer"] = o.Officer,
                    ["at"] = o.At.ToString("O", CultureInfo.InvariantCulture),
                }).ToArray()),
            });
        }
        var document = new JsonObject
        {
            ["exportedAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["note"] = "Dữ liệu hệ thống lưu về các hồ sơ này. Mô tả hồ sơ được lưu đã lược bỏ số định danh, số điện thoại, email, số tài khoản và tên (chỉ giữ nội dung cần cho thủ tục).",
            ["dossiers"] = dossiers,
        };
        var file = Path.GetFullPath(outPath ?? $"personal-data-export-{now.UtcDateTime.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, document.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        foreach (var id in ids) trail.Append(new AuditEntry(actor, "operator", null, AuditActions.PersonalDataExport, id, null, AuditOutcomes.Ok));
        await stdout.WriteLineAsync($"Đã xuất {dossiers.Count} hồ sơ ({string.Join(", ", ids)}) ra {file}");
        await stdout.WriteLineAsync("Tệp chứa dữ liệu cá nhân đã giải mã: chỉ giao cho chính chủ thể dữ liệu và xoá sau khi giao.");
        return ExitCodes.Ok;
    }

    private static async Task<int> EraseAsync(TriageStore store, IAuditTrail trail, string actor, IReadOnlyList<string> ids, bool confirmed, TextWriter stdout)
    {
        if (!confirmed)
        {
            await stdout.WriteLineAsync($"Sẽ xoá {ids.Count} hồ sơ: {string.Join(", ", ids)}. Chạy lại với --yes để xoá.");
            return ExitCodes.UserError;
        }
        var erased = new List<string>();
        foreach (var id in ids)
        {
            var ok = store.Erase(id);
            trail.Append(new AuditEntry(actor, "operator", null, AuditActions.PersonalDataErase, id, null, ok ? AuditOutcomes.Ok : AuditOutcomes.NotFound));
            if (ok) erased.Add(id);
        }
        await stdout.WriteLineAsync($"Đã xoá {erased.Count} hồ sơ: {string.Join(", ", erased)} (kèm điều chỉnh của cán bộ và chỉ mục số định danh).");
        return ExitCodes.Ok;
    }
}
