using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Assistant.Bench;

/// <summary>Latency sample statistics in milliseconds (nearest-rank percentiles).</summary>
public sealed record LatencyStats(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencyStats From(IReadOnlyCollection<double> samplesMs)
    {
        var sorted = samplesMs.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (sorted.Length == 0) return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, sorted.Average(), P(50), P(95), P(99), sorted[^1]);
    }
}

/// <summary>
/// The printed report: a section title, then one figure per line ("label: value unit  [target]"), and every figure
/// collected under a stable key for the final JSON line.
/// </summary>
public sealed class Report(TextWriter output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Dictionary<string, object?> _json = new(StringComparer.Ordinal);
    private readonly List<string> _missed = [];

    public IReadOnlyList<string> Missed => _missed;

    public void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title} ==");
    }

    public void Note(string text) => output.WriteLine($"   ({text})");

    public void Info(string key, string label, object? value)
    {
        output.WriteLine($"{label}: {Convert.ToString(value, Inv)}");
        _json[key] = value;
    }

    public void Figure(string key, string label, double value, string unit, int decimals = 1, string? suffix = null)
    {
        var rounded = Math.Round(value, decimals);
        output.WriteLine($"{label}: {rounded.ToString("N" + decimals, Inv)} {unit}{(suffix is null ? "" : "  " + suffix)}".TrimEnd());
        _json[key] = rounded;
    }

    /// <summary>A throughput figure with a lower bound to meet.</summary>
    public void AtLeast(string key, string label, double value, string unit, double target)
    {
        bool met = value >= target;
        var gap = met ? "OK" : $"MISSED by {(target - value).ToString("N0", Inv)} {unit} ({(1 - value / target) * 100:0}% short)";
        Figure(key, label, value, unit, 0, $"[target ≥ {target.ToString("N0", Inv)} {unit}: {gap}]");
        _json[key + "_target_met"] = met;
        if (!met) _missed.Add($"{label}: {value.ToString("N0", Inv)} {unit} < {target.ToString("N0", Inv)} {unit}");
    }

    /// <summary>p50/p95/p99 (and mean, max) on their own lines; the p95 line carries the target if there is one.</summary>
    public void Latency(string key, string label, LatencyStats s, double? p95Target = null, LatencyStats? cpu = null)
    {
        Figure(key + "_p50_ms", $"{label} p50", s.P50, "ms", 2);
        string? target = null;
        if (p95Target is { } t)
        {
            bool met = s.P95 <= t;
            target = met ? $"[target p95 ≤ {t:0} ms: OK]" : $"[target p95 ≤ {t:0} ms: MISSED by {s.P95 - t:0.0} ms (×{s.P95 / t:0.00})]";
            _json[key + "_p95_target_met"] = met;
            if (!met) _missed.Add($"{label} p95: {s.P95:0.0} ms > {t:0} ms");
        }
        Figure(key + "_p95_ms", $"{label} p95", s.P95, "ms", 2, target);
        Figure(key + "_p99_ms", $"{label} p99", s.P99, "ms", 2);
        Figure(key + "_mean_ms", $"{label} mean", s.Mean, "ms", 2);
        Figure(key + "_max_ms", $"{label} max", s.Max, "ms", 2);
        if (cpu is { Count: > 0 } c && !double.IsNaN(c.P50))
        {
            // Thread CPU time of the same searches: what the wall-clock figures would be without competing processes.
            Figure(key + "_cpu_p50_ms", $"{label} CPU-time p50", c.P50, "ms", 2);
            Figure(key + "_cpu_p95_ms", $"{label} CPU-time p95", c.P95, "ms", 2,
                p95Target is { } limit ? $"[p95 ≤ {limit:0} ms on an idle core: {(c.P95 <= limit ? "OK" : $"MISSED by {c.P95 - limit:0.0} ms")}]" : null);
            Figure(key + "_cpu_p99_ms", $"{label} CPU-time p99", c.P99, "ms", 2);
        }
        _json[key + "_n"] = s.Count;
    }

    /// <summary>1-minute load average (Linux): above the core count, other processes competed for the CPU during the phase.</summary>
    public void Load(string key, string phase)
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return;
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            if (double.TryParse(first, NumberStyles.Float, Inv, out var load))
                Figure($"load_{key}", $"Load average, 1 min ({phase}; {Environment.ProcessorCount} cores)", load, "", 2);
        }
        catch (IOException) { }
    }

    /// <summary>Process and GC memory at the end of a phase (live bytes after a full collection: what is really retained).</summary>
    public void Memory(string key, string phase)
    {
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        const double Mb = 1024.0 * 1024.0;
        Figure($"mem_{key}_peak_working_set_mb", $"Peak working set ({phase})", self.PeakWorkingSet64 / Mb, "MB", 0);
        Figure($"mem_{key}_working_set_mb", $"Working set ({phase})", self.WorkingSet64 / Mb, "MB", 0);
        Figure($"mem_{key}_gc_heap_mb", $"GC heap size ({phase})", info.HeapSizeBytes / Mb, "MB", 0);
        Figure($"mem_{key}_gc_live_mb", $"GC live after full GC ({phase})", live / Mb, "MB", 0);
        Info($"mem_{key}_gc_collections", $"GC collections gen0/gen1/gen2 so far ({phase})", $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        Figure($"mem_{key}_gc_pause_total_s", $"GC pause total so far ({phase})", GC.GetTotalPauseDuration().TotalSeconds, "s", 1);
        Load(key, phase);
    }

    public void Json() => output.WriteLine(JsonSerializer.Serialize(_json));
}
