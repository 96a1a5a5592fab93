using System.Runtime.InteropServices;

namespace Assistant.Bench.Turn;

/// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), in milliseconds; NaN elsewhere.</summary>
public static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double NowMs() =>
        OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1000.0 + t.Nanoseconds / 1_000_000.0 : double.NaN;
}

/// <summary>A clock that stays at one instant, so the dates a reply computes are the same on every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
