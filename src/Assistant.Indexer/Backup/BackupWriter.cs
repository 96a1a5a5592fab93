using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Assistant.Retrieval.Storage;

namespace Assistant.Indexer.Backup;

/// <summary>What to back up: the store, and each database role's file (absolute; a missing file is recorded as not created yet).</summary>
public sealed record BackupSources(IChunkStore Store, IReadOnlyDictionary<string, string> DatabasePaths);

public sealed record BackupResult(string Output, BackupManifest Manifest);

/// <summary>
/// Writes a backup of the running system to a folder or a .tar.gz: the legal store's last commit (held against deletion
/// while copied), then each SQLite database through the online backup API, then manifest.json last. Nothing is written at
/// the output path until the backup is whole: it is assembled in a sibling folder and moved (or archived) at the end.
/// </summary>
public sealed class BackupWriter(TimeProvider time, TextWriter progress)
{
    /// <summary>True when <paramref name="output"/> names an archive rather than a folder.</summary>
    public static bool IsArchive(string output) =>
        output.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || output.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    public async Task<BackupResult> WriteAsync(BackupSources sources, string output, TimeSpan storeWait, CancellationToken ct)
    {
        output = Path.GetFullPath(output);
        bool archive = IsArchive(output);
        if (archive ? File.Exists(output) : Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new BackupRefusedException($"'{output}' đã tồn tại{(archive ? "" : " và không rỗng")}: hãy chọn một đường dẫn mới cho bản sao lưu.", damaged: false);
        var parent = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.dang-sao-luu-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var createdAt = time.GetUtcNow();
            var files = new List<BackupFile>();
            var index = await CopyIndexAsync(sources.Store, staging, files, storeWait, ct);
            var databases = new List<BackupDatabase>();
            foreach (var role in BackupLayout.Databases)
                databases.Add(await CopyDatabaseAsync(role, sources.DatabasePaths[role.Role], staging, files, ct));

            var manifest = new BackupManifest
            {
                Format = BackupManifest.CurrentFormat,
                CreatedAt = createdAt,
                Index = index,
                Databases = databases,
                Files = files,
            };
            // The manifest last, and whole or not at all: its presence is what says the backup is complete.
            var manifestPath = Path.Combine(staging, BackupManifest.FileName);
            await WriteDurablyAsync(manifestPath + ".tmp", JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifest.Json), ct);
            File.Move(manifestPath + ".tmp", manifestPath);

            if (archive) await ArchiveAsync(staging, files, output, ct);
            else
            {
                if (Directory.Exists(output)) Directory.Delete(output);
                Directory.Move(staging, output);
            }
            return new BackupResult(output, manifest);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private async Task<BackupIndex> CopyIndexAsync(IChunkStore store, string staging, List<BackupFile> files, TimeSpan wait, CancellationToken ct)
    {
        if (store is not IChunkStoreFileSnapshot snapshots)
        {
            await progress.WriteLineAsync($"Kho '{store.Kind}' không nằm trong tệp của máy này: chỉ mục không có trong bản sao lưu (với Qdrant dùng lệnh snapshot).");
            return new BackupIndex(store.Kind, false, null, null, null, null, "server store: back up with its own snapshots");
        }
        var hold = await HoldAsync(snapshots, wait, ct);
        if (hold is null)
        {
            await progress.WriteLineAsync("Kho chưa có commit nào: chỉ mục không có trong bản sao lưu.");
            return new BackupIndex(store.Kind, false, null, null, null, null, "no commit yet");
        }
        await using (hold)
        {
            var target = Directory.CreateDirectory(Path.Combine(staging, BackupLayout.IndexFolder)).FullName;
            foreach (var name in hold.FileNames)
            {
                var relative = BackupLayout.IndexFolder + "/" + name;
                files.Add(await CopyHashedAsync(Path.Combine(hold.Folder, name), Path.Combine(target, name), relative, ct));
            }
            await progress.WriteLineAsync($"Chỉ mục: commit {hold.Generation}, {hold.FileNames.Count} tệp.");
            return new BackupIndex(store.Kind, true, hold.Generation, hold.Manifest?.SchemaVersion, hold.Manifest?.EmbeddingModel, hold.Manifest?.Dimensions, null);
        }
    }

    /// <summary>Holds the store's last commit, waiting while another process writes the store (an indexing run).</summary>
    private async Task<StoreCommitHold?> HoldAsync(IChunkStoreFileSnapshot snapshots, TimeSpan wait, CancellationToken ct)
    {
        long started = time.GetTimestamp();
        bool told = false;
        while (true)
        {
            try
            {
                return await snapshots.HoldLastCommitAsync(ct);
            }
            catch (StoreBusyException) when (time.GetElapsedTime(started) < wait)
            {
                if (!told) await progress.WriteLineAsync("Kho đang được ghi (đang lập chỉ mục): chờ tiến trình đó commit…");
                told = true;
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
            }
        }
    }

    private async Task<BackupDatabase> CopyDatabaseAsync(DatabaseRole role, string source, string staging, List<BackupFile> files, CancellationToken ct)
    {
        if (!File.Exists(source))
        {
            await progress.WriteLineAsync($"{role.Setting}: '{source}' chưa có (bot chưa tạo): bỏ qua.");
            return new BackupDatabase(role.Role, role.Setting, false, null, null);
        }
        Directory.CreateDirectory(Path.Combine(staging, BackupLayout.DatabaseFolder));
        var relative = BackupLayout.DatabaseFolder + "/" + role.BackupName;
        var copy = Path.Combine(staging, BackupLayout.DatabaseFolder, role.BackupName);
        await SqliteCopy.CopyAsync(source, copy, time, ct);
        var check = SqliteCopy.IntegrityCheck(copy);
        if (check != "ok")
            throw new BackupRefusedException($"Bản sao của '{source}' không qua được kiểm tra toàn vẹn của SQLite ({check}): tệp gốc có thể đã hỏng.", damaged: true);
        long version = SqliteCopy.SchemaVersion(copy);
        files.Add(await HashAsync(copy, relative, ct));
        await progress.WriteLineAsync($"{role.Setting}: '{source}' → {relative} (lược đồ phiên bản {version}).");
        return new BackupDatabase(role.Role, role.Setting, true, relative, version);
    }

    private static async Task<BackupFile> CopyHashedAsync(string from, string to, string relative, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true))
        await using (var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
            output.Flush(flushToDisk: true);
        }
        return new BackupFile(relative, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    internal static async Task<BackupFile> HashAsync(string path, string relative, CancellationToken ct)
    {
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var digest = await SHA256.HashDataAsync(input, ct);
        return new BackupFile(relative, input.Length, Convert.ToHexStringLower(digest));
    }

    private static async Task WriteDurablyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await output.WriteAsync(bytes, ct);
        output.Flush(flushToDisk: true);
    }

    /// <summary>The staged files, then manifest.json as the archive's last entry, into OUTPUT.tmp moved to OUTPUT when whole.</summary>
    private static async Task ArchiveAsync(string staging, IReadOnlyList<BackupFile> files, string output, CancellationToken ct)
    {
        var partial = output + ".tmp";
        await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var file in files.Select(f => f.Path).Append(BackupManifest.FileName))
                    await tar.WriteEntryAsync(Path.Combine(staging, file), file, ct);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(partial, output);
    }
}
