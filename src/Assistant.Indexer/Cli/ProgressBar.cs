using Assistant.Retrieval.Ingestion;

namespace Assistant.Indexer.Cli;

/// <summary>
/// A one-line progress bar on stderr: files done, current file and stage, chunks embedded. When stderr is not a
/// terminal (CI, pipes) it prints one line per file instead of redrawing, and one line per intermediate commit.
/// </summary>
public sealed class ProgressBar(TextWriter stderr, bool interactive, TimeProvider? time = null) : IProgress<IndexProgress>
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private string? _lastFile;
    private long _lastDraw;

    public void Report(IndexProgress p)
    {
        lock (_gate)
        {
            if (!interactive)
            {
                if (p.Stage == IndexProgress.CommittedStage)
                    stderr.WriteLine($"[đã lưu {p.FilesDone}/{p.FilesTotal}] các tệp đến đây còn nguyên nếu lượt chạy bị dừng");
                if (p.CurrentFile is not null && p.CurrentFile != _lastFile)
                    stderr.WriteLine($"[{p.FilesDone + 1}/{p.FilesTotal}] {Path.GetFileName(p.CurrentFile)}");
                _lastFile = p.CurrentFile;
                return;
            }
            var now = _time.GetTimestamp();
            if (p.Stage != "xong" && _time.GetElapsedTime(_lastDraw, now) < RedrawInterval && p.CurrentFile == _lastFile) return;
            _lastDraw = now;
            _lastFile = p.CurrentFile;
            const int width = 30;
            double fraction = p.FilesTotal == 0 ? 1 : (p.FilesDone + (p.ChunksTotal > 0 ? (double)p.ChunksDone / p.ChunksTotal : 0)) / p.FilesTotal;
            int filled = (int)Math.Round(fraction * width);
            var detail = p.ChunksTotal > 0 ? $" {p.ChunksDone}/{p.ChunksTotal} đoạn" : "";
            var name = p.CurrentFile is null ? "" : Path.GetFileName(p.CurrentFile);
            if (name.Length > 40) name = name[..37] + "...";
            var line = $"[{new string('█', filled)}{new string('░', width - filled)}] {fraction * 100,3:0}% {Math.Min(p.FilesDone + 1, p.FilesTotal)}/{p.FilesTotal} tệp · {name} · {p.Stage}{detail}";
            stderr.Write("\r" + line.PadRight(Console.IsErrorRedirected ? 0 : Math.Max(0, SafeWidth() - 1)));
            if (p.Stage == "xong") stderr.WriteLine();
        }
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; } catch (IOException) { return 120; }
    }
}
