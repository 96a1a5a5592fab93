using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Retrieval.Storage.Embedded;
using Assistant.Retrieval.Tests.Storage;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>
/// kill -9 of `assistant-indexer index` in the middle of a large run (issue 14, item 4): the CLI as its own process over
/// the bundled corpus plus a generated set of decisions, killed when it starts the fifth file after its second commit (it
/// commits every 20 indexed files and says so on stderr). Lucene's CheckIndex finds the store clean, a rerun skips the
/// files committed before the kill and indexes the rest, and the store ends with as many sources and chunks as one clean
/// run. The kill is keyed on the commit lines, not on a file number: files are taken in path order across both folders,
/// so where the scratch folder sorts beside the repository (/tmp after /check, before /work) changes which come first, and
/// the corpus folder holds files that are not indexed.
/// </summary>
[Collection(CliCollection.Name)]
public sealed partial class IndexerKillTests : IDisposable
{
    /// <summary>Enough that the run is still going when the kill lands: stderr is read behind the writer.</summary>
    private const int SyntheticFiles = 200;

    /// <summary>The kill comes after this many commit lines (the CLI commits every 20 indexed files).</summary>
    private const int CommitsBeforeKill = 2;

    /// <summary>... and when the CLI starts this many more files: indexed, never committed.</summary>
    private const int FilesAfterLastCommit = 5;


    private readonly ScratchFolder _tmp = new("assistant-cli-kill-");

    public IndexerKillTests(CliCorpusStore corpus) => _ = corpus;

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task KilledMidRun_TheStoreIsClean_TheRerunSkipsCommittedFiles_AndEndsEqualToACleanRun()
    {
        var synthetic = _tmp.Folder("synthetic");
        WriteSyntheticDecisions(synthetic);
        var crashedStore = _tmp.File("crashed-store");

        var (exitCode, stderr) = await RunIndexerKilledAfterCommitsAsync("index", synthetic, RepoPaths.Regulations, "--store", crashedStore);
        Assert.True(exitCode != 0, "the indexer finished before the kill:\n" + stderr);
        // The kill lands behind the lines read (the pipe is read later than written), so the last commit line is what
        // the CLI promised to keep: every file up to it.
        var commits = CommitLine().Matches(stderr);
        Assert.True(commits.Count >= CommitsBeforeKill, $"expected the kill after {CommitsBeforeKill} commit lines:\n{stderr}");
        int committedUpTo = int.Parse(commits[^1].Groups["done"].Value, CultureInfo.InvariantCulture);

        var check = LuceneCheck(crashedStore);
        Assert.True(check.Clean, "CheckIndex after the kill:\n" + check.Report);

        // The rerun: the files committed before the kill are skipped, the rest indexed.
        var rerun = await CliEnvironment.RunAsync("index", synthetic, RepoPaths.Regulations, "--store", crashedStore, "--json");
        Assert.True(rerun.Exit == 0, rerun.Err);
        var outcomes = JsonDocument.Parse(rerun.Out).RootElement.EnumerateArray().Select(f => f.GetProperty("outcome").GetString()).ToList();
        var reindexedBeforeTheCommit = outcomes.Take(committedUpTo).Count(o => o != "unchanged" && o != "skipped");
        Assert.True(reindexedBeforeTheCommit == 0,
            $"the rerun indexed {reindexedBeforeTheCommit} of the {committedUpTo} files the killed run said it had kept\nrerun: {string.Join(' ', outcomes)}\nkilled run:\n{stderr}");
        Assert.True(outcomes.Take(committedUpTo).Count(o => o == "unchanged") >= CommitsBeforeKill * 20);
        Assert.Contains("indexed", outcomes.Skip(committedUpTo));

        var clean = _tmp.File("clean-store");
        var cleanRun = await CliEnvironment.RunAsync("index", synthetic, RepoPaths.Regulations, "--store", clean);
        Assert.True(cleanRun.Exit == 0, cleanRun.Err);

        var (crashedSources, crashedChunks) = await CountsAsync(crashedStore);
        var (cleanSources, cleanChunks) = await CountsAsync(clean);
        Assert.Equal(cleanSources, crashedSources);
        Assert.Equal(cleanChunks, crashedChunks);
        Assert.True(LuceneCheck(crashedStore).Clean);
    }

    /// <summary>Decisions of a few articles each, numbered apart, as a city would add them.</summary>
    private static void WriteSyntheticDecisions(string folder)
    {
        for (var i = 1; i <= SyntheticFiles; i++)
        {
            var articles = Enumerable.Range(1, 8).Select(a => (
                $"Quy định số {a} về hạn mức đất ở khu {i}",
                $"1. Hạn mức công nhận đất ở tại khu dân cư số {i} là {100 + i + a} m2 cho mỗi hộ gia đình, cá nhân.\n\n" +
                $"2. Trường hợp thửa đất có vườn, ao thì diện tích vượt hạn mức được xác định theo hiện trạng sử dụng tại khu {i}, điều {a}."))
                .ToArray();
            File.WriteAllText(Path.Combine(folder, $"qd-{i:D3}-2025-QD-UBND.md"),
                StoreTestData.Decision($"{i}/2025/QĐ-UBND", $"QUYẾT ĐỊNH VỀ HẠN MỨC ĐẤT Ở KHU DÂN CƯ SỐ {i}", articles));
        }
    }

    /// <summary>
    /// Runs src/Assistant.Indexer's build as a process and kills it (SIGKILL) when it starts the
    /// <see cref="FilesAfterLastCommit"/>th file after its <see cref="CommitsBeforeKill"/>th commit line.
    /// </summary>
    private static async Task<(int ExitCode, string StdErr)> RunIndexerKilledAfterCommitsAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(IndexerAssembly);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASSISTANT_Embeddings__Provider"] = "none";
        using var process = new Process { StartInfo = info };
        var stderr = new StringBuilder();
        int commits = 0, filesSince = 0;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (CommitLine().IsMatch(e.Data))
            {
                commits++;
                filesSince = 0;
                return;
            }
            if (commits == CommitsBeforeKill && FileLine().IsMatch(e.Data) && ++filesSince == FilesAfterLastCommit)
            {
                try
                {
                    process.Kill(entireProcessTree: false);
                }
                catch (InvalidOperationException)
                {
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        lock (stderr) return (process.ExitCode, stderr.ToString());
    }

    private static async Task<(int Sources, int Chunks)> CountsAsync(string storePath)
    {
        await using var store = new LuceneChunkStore(storePath, RepoPaths.NewAnalyzer());
        var stats = await store.GetStatsAsync(CancellationToken.None);
        return (stats.Sources, stats.Chunks);
    }

    private static (bool Clean, string Report) LuceneCheck(string storePath)
    {
        using var directory = FSDirectory.Open(new DirectoryInfo(storePath));
        var report = new StringWriter();
        var status = new CheckIndex(directory) { InfoStream = report }.DoCheckIndex();
        return (status.Clean, report.ToString());
    }

    /// <summary>src/Assistant.Indexer's build of the same configuration as this test assembly.</summary>
    private static string IndexerAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var path = Path.Combine(RepoPaths.Root, "src", "Assistant.Indexer", "bin", configuration, "net10.0", "assistant-indexer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Assistant.Indexer first.", path);
        }
    }

    [GeneratedRegex(@"^\[đã lưu (?<done>\d+)/\d+\]", RegexOptions.Multiline)]
    private static partial Regex CommitLine();

    [GeneratedRegex(@"^\[\d+/\d+\] ")]
    private static partial Regex FileLine();
}
