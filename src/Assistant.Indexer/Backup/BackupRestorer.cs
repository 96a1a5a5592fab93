using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Assistant.Indexer.Backup;

/// <summary>Where a restore put each part (absolute paths): the store folder and each restored database by role.</summary>
public sealed record RestoreResult(BackupManifest Manifest, string StorePath, IReadOnlyDictionary<string, string> DatabasePaths);

/// <summary>
/// Restores a backup into a folder laid out as the bot's working folder (<see cref="BackupLayout"/>). Everything is checked
/// against manifest.json before anything is written: a backup without a manifest (interrupted), with a missing, truncated
/// or altered file, is refused. A folder that is not empty is overwritten only when asked (<c>force</c>).
/// </summary>
public static class BackupRestorer
{
    public static async Task<RestoreResult> RestoreAsync(string from, string to, bool force, CancellationToken ct)
    {
        from = Path.GetFullPath(from);
        to = Path.GetFullPath(to);
        if (Directory.Exists(to) && Directory.EnumerateFileSystemEntries(to).Any() && !force)
            throw new BackupRefusedException($"Thư mục đích '{to}' không rỗng: không khôi phục đè lên dữ liệu đang có. Hãy chọn một thư mục trống, hoặc thêm --force nếu chắc chắn muốn ghi đè.", damaged: false);

        string? extracted = null;
        try
        {
            string root;
            if (BackupWriter.IsArchive(from))
            {
                if (!File.Exists(from)) throw new BackupRefusedException($"Không có tệp sao lưu '{from}'.", damaged: false);
                extracted = Directory.CreateTempSubdirectory("assistant-restore-").FullName;
                await ExtractAsync(from, extracted, ct);
                root = extracted;
            }
            else
            {
                if (!Directory.Exists(from)) throw new BackupRefusedException($"Không có thư mục sao lưu '{from}'.", damaged: false);
                root = from;
            }
            var manifest = await VerifyAsync(root, ct);

            // Verified: now replace what the target holds at the paths a restore writes (and only those).
            var storePath = Path.Combine(to, BackupLayout.RestoredStoreFolder);
            Directory.CreateDirectory(to);
            if (manifest.Index.Included)
            {
                if (Directory.Exists(storePath)) Directory.Delete(storePath, recursive: true);
                Directory.CreateDirectory(storePath);
                foreach (var file in manifest.Files.Where(f => f.Path.StartsWith(BackupLayout.IndexFolder + "/", StringComparison.Ordinal)))
                    await CopyAsync(Path.Combine(root, file.Path), Path.Combine(storePath, file.Path[(BackupLayout.IndexFolder.Length + 1)..]), ct);
            }
            var databases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var db in manifest.Databases.Where(d => d.Included))
            {
                var role = BackupLayout.Databases.Single(r => r.Role == db.Role);
                var target = Path.Combine(to, role.DefaultPath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // A WAL or shared-memory file left beside the target belongs to the old database: SQLite would replay it onto the restored one.
                foreach (var stale in new[] { target, target + "-wal", target + "-shm", target + "-journal" })
                    File.Delete(stale);
                await CopyAsync(Path.Combine(root, db.Path!), target, ct);
                databases[db.Role] = target;
            }
            return new RestoreResult(manifest, storePath, databases);
        }
        finally
        {
            if (extracted is not null) Directory.Delete(extracted, recursive: true);
        }
    }

    /// <summary>The manifest of the backup at <paramref name="root"/>, once every file it lists is there with its size
    /// and SHA-256 and every database it lists passes SQLite's integrity check.</summary>
    public static async Task<BackupManifest> VerifyAsync(string root, CancellationToken ct)
    {
        var manifestPath = Path.Combine(root, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
            throw new BackupRefusedException("Bản sao lưu không đầy đủ: thiếu manifest.json, tệp được ghi sau cùng. Lần sao lưu này đã bị ngắt giữa chừng; không khôi phục từ nó, hãy dùng một bản sao lưu khác.", damaged: true);
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(manifestPath, ct), BackupManifest.Json);
        }
        catch (JsonException e)
        {
            throw new BackupRefusedException($"Bản sao lưu bị hỏng: manifest.json không đọc được ({e.Message}).", damaged: true);
        }
        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat)
            throw new BackupRefusedException($"manifest.json không phải của bản sao lưu trợ lý (định dạng '{manifest?.Format}', cần '{BackupManifest.CurrentFormat}').", damaged: true);

        foreach (var file in manifest.Files)
        {
            var path = InsideRoot(root, file.Path);
            if (!File.Exists(path))
                throw new BackupRefusedException($"Bản sao lưu không đầy đủ: thiếu tệp '{file.Path}' có trong manifest.json. Không khôi phục.", damaged: true);
            var actual = await BackupWriter.HashAsync(path, file.Path, ct);
            if (actual.Size != file.Size)
                throw new BackupRefusedException($"Bản sao lưu bị hỏng: tệp '{file.Path}' có {actual.Size} byte, manifest.json ghi {file.Size} byte. Không khôi phục.", damaged: true);
            if (!string.Equals(actual.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new BackupRefusedException($"Bản sao lưu bị hỏng: tệp '{file.Path}' có mã SHA-256 khác với manifest.json (nội dung đã bị thay đổi). Không khôi phục.", damaged: true);
        }
        foreach (var db in manifest.Databases.Where(d => d.Included))
        {
            if (db.Path is null || !manifest.Files.Any(f => f.Path == db.Path) || !BackupLayout.Databases.Any(r => r.Role == db.Role))
                throw new BackupRefusedException($"Bản sao lưu bị hỏng: manifest.json ghi cơ sở dữ liệu '{db.Role}' mà không có tệp của nó.", damaged: true);
            var check = SqliteCopy.IntegrityCheck(InsideRoot(root, db.Path));
            if (check != "ok")
                throw new BackupRefusedException($"Bản sao lưu bị hỏng: cơ sở dữ liệu '{db.Path}' không qua kiểm tra toàn vẹn của SQLite ({check}).", damaged: true);
        }
        return manifest;
    }

    private static string InsideRoot(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (Path.IsPathRooted(relative) || !full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new BackupRefusedException($"Bản sao lưu bị hỏng: đường dẫn '{relative}' ra ngoài thư mục sao lưu.", damaged: true);
        return full;
    }

    private static async Task ExtractAsync(string archive, string target, CancellationToken ct)
    {
        try
        {
            await using var stream = File.OpenRead(archive);
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                var path = InsideRoot(target, entry.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await entry.ExtractToFileAsync(path, overwrite: false, ct);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new BackupRefusedException($"Bản sao lưu bị hỏng: không đọc được tệp nén '{archive}' ({e.Message}). Tệp có thể bị cắt cụt hoặc bị sửa. Không khôi phục.", damaged: true);
        }
    }

    private static async Task CopyAsync(string from, string to, CancellationToken ct)
    {
        await using var input = File.OpenRead(from);
        await using var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await input.CopyToAsync(output, ct);
        output.Flush(flushToDisk: true);
    }
}
