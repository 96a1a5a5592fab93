using Assistant.Bench.Bot;

namespace Assistant.Bench.Tests;

public sealed class SoakMathTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 20).Select(i => (double)i).ToList();
        Assert.Equal(10, SoakMath.Percentile(sorted, 0.50));
        Assert.Equal(19, SoakMath.Percentile(sorted, 0.95));
        Assert.Equal(20, SoakMath.Percentile(sorted, 1.0));
        Assert.Equal(1, SoakMath.Percentile(sorted, 0.0));
        Assert.Equal(7, SoakMath.Percentile([7.0], 0.95));
        Assert.True(double.IsNaN(SoakMath.Percentile([], 0.5)));
    }

    [Fact]
    public void Slope_is_least_squares()
    {
        // y = 3x + 2 exactly, then with symmetric noise that leaves the least-squares slope unchanged.
        Assert.Equal(3, SoakMath.Slope([0.0, 1, 2, 3], [2.0, 5, 8, 11])!.Value, 9);
        Assert.Equal(3, SoakMath.Slope([0.0, 1, 2, 3], [3.0, 4, 7, 12])!.Value, 9);
        Assert.Null(SoakMath.Slope([1.0], [1.0]));
        Assert.Null(SoakMath.Slope([2.0, 2.0], [1.0, 5.0]));
    }

    [Fact]
    public void Memory_slope_leaves_out_the_first_row_and_is_per_minute()
    {
        // Warm-up row at 60 s jumps from 0 to 300 MB; afterwards +2 MB per 60 s row: slope 2 MB/min, not pulled up by row 1.
        var rows = new List<(double, double)> { (60, 300), (120, 400), (180, 402), (240, 404), (300, 406) };
        Assert.Equal(2, SoakMath.SlopeAfterWarmUp(rows)!.Value, 9);
        // Rows every 5 s (smoke runs): +1 MB per row is 12 MB/min.
        Assert.Equal(12, SoakMath.SlopeAfterWarmUp([(5, 10), (10, 50), (15, 51), (20, 52)])!.Value, 9);
        Assert.Null(SoakMath.SlopeAfterWarmUp([(60, 1), (120, 2)]));
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("20s", 20)]
    [InlineData("1h", 3600)]
    [InlineData("90", 90)]
    [InlineData("1m30s", 90)]
    [InlineData("0.5m", 30)]
    public void Durations_parse(string text, double seconds) => Assert.Equal(seconds, SoakMath.ParseDuration(text).TotalSeconds, 9);

    [Theory]
    [InlineData("")]
    [InlineData("10x")]
    [InlineData("m")]
    [InlineData("5m3")]
    [InlineData("0s")]
    public void Bad_durations_are_refused(string text) => Assert.Throws<FormatException>(() => SoakMath.ParseDuration(text));

    [Fact]
    public void Gc_heap_is_summed_over_generations_from_a_prometheus_scrape()
    {
        const string scrape = """
            # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1048576 1764900000000
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen1"} 2097152 1764900000000
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="loh"} 1048576
            dotnet_gc_last_collection_heap_size_bytes_total 999999999
            assistant_turns_total 12
            """;
        Assert.Equal(4, SoakMath.GcHeapMb(scrape), 9);
        // The older runtime-instrumentation name, without labels.
        Assert.Equal(3, SoakMath.GcHeapMb("process_runtime_dotnet_gc_heap_size_bytes 3145728\n"), 9);
        Assert.True(double.IsNaN(SoakMath.GcHeapMb("<html>Web Chat</html>")));
    }

    [Fact]
    public void Memory_of_a_process_is_read_from_proc()
    {
        // This test process: resident, of which anonymous (its GC heap at least) and file-backed (its code), peak ≥ now.
        var memory = Soak.ReadMemory(Environment.ProcessId);
        Assert.True(memory.RssMb > 10, $"RSS {memory.RssMb} MB");
        Assert.True(memory.AnonMb > 0 && memory.FileMb > 0, $"anon {memory.AnonMb} MB, file {memory.FileMb} MB");
        Assert.True(memory.AnonMb + memory.FileMb <= memory.RssMb + 1);
        Assert.True(memory.PeakMb >= memory.RssMb - 1);
        Assert.Equal(new Soak.Memory(0, 0, 0, 0), Soak.ReadMemory(int.MaxValue));
    }
}
