using System.Globalization;

namespace Assistant.Bench.Bot;

/// <summary>
/// The arithmetic of the soak report, kept apart so it is unit-tested: nearest-rank percentiles, the least-squares slope of
/// memory over time with the warm-up interval left out, and the duration syntax of <c>--soak</c>.
/// </summary>
public static class SoakMath
{
    /// <summary>Nearest-rank percentile (<paramref name="q"/> in 0..1) of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Least-squares slope of <paramref name="y"/> over <paramref name="x"/>; null with fewer than two distinct x.</summary>
    public static double? Slope(IReadOnlyList<double> x, IReadOnlyList<double> y) => LeastSquares.Line(x, y)?.Slope;

    /// <summary>
    /// Memory slope in MB per minute over the samples of rows 2..N (the first interval is warm-up: JIT, caches, pools
    /// filling), each sample taken at the end of its interval. Null with fewer than two rows after the warm-up.
    /// </summary>
    public static double? SlopeAfterWarmUp(IReadOnlyList<(double EndSeconds, double Megabytes)> samples)
    {
        var kept = samples.Skip(1).ToList();
        return Slope(kept.Select(s => s.EndSeconds / 60.0).ToList(), kept.Select(s => s.Megabytes).ToList());
    }

    private static readonly string[] GcHeapMetrics = ["dotnet_gc_last_collection_heap_size_bytes", "process_runtime_dotnet_gc_heap_size_bytes"];

    /// <summary>
    /// The GC heap in MB from a Prometheus text exposition: the samples of the first runtime heap-size metric present,
    /// summed (one per generation); NaN when none is there.
    /// </summary>
    public static double GcHeapMb(string exposition)
    {
        var lines = exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var metric in GcHeapMetrics)
        {
            double sum = 0;
            bool found = false;
            foreach (var line in lines)
            {
                if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || (line[metric.Length] != '{' && line[metric.Length] != ' '))
                {
                    continue;
                }

                var rest = line[metric.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..];
                var value = rest.Trim().Split(' ')[0];
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes))
                {
                    sum += bytes;
                    found = true;
                }
            }

            if (found)
            {
                return sum / 1024.0 / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>"10m", "20s", "1h", "90" (seconds), "1m30s".</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0)
        {
            throw new FormatException("empty duration");
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return Positive(TimeSpan.FromSeconds(plainSeconds), text);
        }

        var total = TimeSpan.Zero;
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsDigit(s[i]) || s[i] == '.')
            {
                continue;
            }

            if (i == start || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"bad duration '{text}' (e.g. 10m, 20s, 1h)");
            }

            total += s[i] switch
            {
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                's' => TimeSpan.FromSeconds(value),
                _ => throw new FormatException($"bad duration unit '{s[i]}' in '{text}' (h, m or s)"),
            };
            start = i + 1;
        }

        if (start != s.Length)
        {
            throw new FormatException($"bad duration '{text}': a number needs a unit (h, m or s)");
        }

        return Positive(total, text);
    }

    private static TimeSpan Positive(TimeSpan value, string text) =>
        value > TimeSpan.Zero ? value : throw new FormatException($"duration '{text}' must be positive");
}
