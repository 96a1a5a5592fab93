namespace Assistant.Bench.Tests;

public sealed class CapacityFitTests
{
    [Fact]
    public void Line_through_exact_points()
    {
        // p95 = 17.8 ms per 100k chunks + 1 ms, at 0.25, 0.5, 1, 2, 4 × 100k.
        double[] x = [0.25, 0.5, 1, 2, 4];
        var (slope, intercept) = CapacityFit.Line(x, x.Select(v => 17.8 * v + 1).ToList())!.Value;
        Assert.Equal(17.8, slope, 9);
        Assert.Equal(1, intercept, 9);
        // 100 ms at (100 − 1) / 17.8 × 100k ≈ 556,180 chunks.
        Assert.Equal(99 / 17.8, CapacityFit.Crossing(slope, intercept, 100)!.Value, 9);
    }

    [Fact]
    public void Line_of_noisy_points_is_least_squares()
    {
        // Residuals +1, −1, −1, +1 around y = 2x: the fit is y = 2x + 0 (the residuals are orthogonal to 1 and x).
        var (slope, intercept) = CapacityFit.Line([1.0, 2, 3, 4], [3.0, 3, 5, 9])!.Value;
        Assert.Equal(2, slope, 9);
        Assert.Equal(0, intercept, 9);
    }

    [Fact]
    public void No_line_or_no_crossing_when_it_cannot_be_drawn()
    {
        Assert.Null(CapacityFit.Line([1.0], [5.0]));
        Assert.Null(CapacityFit.Line([1.0, 1.0], [5.0, 6.0]));
        Assert.Null(CapacityFit.Crossing(0, 20, 100));
        Assert.Null(CapacityFit.Crossing(-1, 20, 100));
        Assert.Equal(0, CapacityFit.Crossing(0, 150, 100));
        Assert.Equal(0, CapacityFit.Crossing(10, 150, 100));
    }

    [Fact]
    public void Sizes_parse_sorted_and_distinct()
    {
        Assert.Equal([25_000, 50_000, 100_000, 1_000_000], CapacityFit.ParseSizes("100k, 25000,50000,1m,100000"));
        Assert.Throws<ArgumentException>(() => CapacityFit.ParseSizes("100,abc"));
        Assert.Throws<ArgumentException>(() => CapacityFit.ParseSizes("150"));
        Assert.Throws<ArgumentException>(() => CapacityFit.ParseSizes(","));
    }

    [Fact]
    public void Capacity_option_is_parsed_by_the_bench()
    {
        var options = BenchOptions.Parse(["--capacity", "25000,50000", "--queries", "50", "--keep", "/tmp/x"]);
        Assert.Equal([25_000, 50_000], options.Capacity);
        Assert.Equal(50, options.Queries);
        Assert.Null(BenchOptions.Parse([]).Capacity);
    }
}
