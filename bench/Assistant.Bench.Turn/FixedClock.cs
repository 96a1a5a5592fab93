namespace Assistant.Bench.Turn;

/// <summary>A clock that stays at one instant, so the dates a reply computes are the same on every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
