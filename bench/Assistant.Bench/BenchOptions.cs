namespace Assistant.Bench;

/// <summary>Command-line options of the bench (see bench/README.md).</summary>
public sealed record BenchOptions
{
    public const string Usage =
        "dotnet run -c Release --project bench/Assistant.Bench -- [--synthetic N] [--queries N] [--embed-sample N] [--dense] [--corpus DIR] [--keep DIR]\n"
        + "       dotnet run -c Release --project bench/Assistant.Bench -- --capacity 25000,50000,100000,200000,400000 [--queries N] [--keep DIR]";

    /// <summary>Chunks in the synthetic store (0 skips that phase).</summary>
    public int Synthetic { get; init; } = 100_000;
    /// <summary>Measured queries per configuration, cycling through the dev questions after the warm-up pass.</summary>
    public int Queries { get; init; } = 1000;
    /// <summary>Corpus chunks embedded with MiniLM to measure embedding + indexing throughput (0 skips it).</summary>
    public int EmbedSample { get; init; } = 300;
    /// <summary>Also measure corpus queries with the MiniLM query embedding (embeds the whole corpus first, ~2 min on 2 cores).</summary>
    public bool Dense { get; init; }
    public string? Corpus { get; init; }
    /// <summary>Build (or reuse) the synthetic store in this folder and keep it.</summary>
    public string? Keep { get; init; }
    public bool Help { get; init; }
    /// <summary>With --capacity: only the capacity curve (CapacityCurve.cs), over these store sizes.</summary>
    public IReadOnlyList<int>? Capacity { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"{args[i]} needs a value.");
                return args[++i];
            }
            int Count(int min)
            {
                var name = args[i];
                var raw = Value();
                if (!int.TryParse(raw, out var n) || n < min) throw new ArgumentException($"{name} needs an integer ≥ {min} (got '{raw}').");
                return n;
            }
            o = args[i] switch
            {
                "--synthetic" => o with { Synthetic = Count(0) },
                "--queries" => o with { Queries = Count(1) },
                "--embed-sample" => o with { EmbedSample = Count(0) },
                "--dense" => o with { Dense = true },
                "--corpus" => o with { Corpus = Value() },
                "--keep" => o with { Keep = Value() },
                "--capacity" => o with { Capacity = CapacityFit.ParseSizes(Value()) },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return o;
    }
}
