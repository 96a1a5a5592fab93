using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Indexer.Cli;

/// <summary>snapshot: a Qdrant snapshot of the collection behind the alias (Qdrant store only).</summary>
public sealed class SnapshotCommand : CliCommand
{
    public override string Name => "snapshot";
    public override string Usage => "assistant-indexer snapshot   (chỉ với Store:Kind = qdrant)";

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count > 0) throw new UserErrorException($"snapshot không nhận đối số.\nCách dùng: {Usage}");
        // Snapshots are made by the store's server (today: Qdrant); the embedded store is backed up by the backup command.
        if (services.GetRequiredService<IChunkStore>() is not IChunkStoreSnapshots snapshots)
            throw new UserErrorException(
                "Lệnh snapshot chỉ dùng với kho Qdrant (đặt ASSISTANT_Store__Kind=qdrant và ASSISTANT_Store__Qdrant__Url). " +
                "Kho nhúng: dùng lệnh backup (sao lưu được cả khi bot đang chạy).");
        var snapshot = await snapshots.CreateSnapshotAsync(ct);
        await stdout.WriteLineAsync($"Đã tạo snapshot '{snapshot.Name}' ({snapshot.SizeBytes / 1024.0 / 1024.0:0.0} MB) của bộ sưu tập '{snapshot.Collection}' (alias '{snapshot.Alias}').");
        return ExitCodes.Ok;
    }
}
