namespace Assistant.Bench;

/// <summary>
/// The least-squares line through (x, y) points: the capacity curve's latency over store size and the soak's memory over
/// time. One file, compiled into both benches (internal to each, so the tests that see both see no clash).
/// </summary>
internal static class LeastSquares
{
    /// <summary>y = slope·x + intercept; null with fewer than two distinct x.</summary>
    public static (double Slope, double Intercept)? Line(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y differ in length.");
        }

        if (x.Count < 2)
        {
            return null;
        }

        double meanX = x.Average(), meanY = y.Average(), sxx = 0, sxy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }

        if (sxx == 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        return (slope, meanY - slope * meanX);
    }
}
