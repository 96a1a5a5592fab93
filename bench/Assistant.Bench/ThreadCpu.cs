using System.Runtime.InteropServices;

namespace Assistant.Bench;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). A store search runs synchronously on one thread,
/// so its CPU time is the latency it would have on an idle machine: the bench reports it next to the wall-clock
/// figures because other processes may share the cores. Unavailable (NaN) elsewhere than Linux.
/// </summary>
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

    public static bool Available { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Milliseconds of CPU used by this thread so far, or NaN.</summary>
    public static double NowMs()
    {
        if (!Available || ClockGetTime(ClockThreadCpuTimeId, out var t) != 0) return double.NaN;
        return t.Seconds * 1000.0 + t.Nanoseconds / 1_000_000.0;
    }
}
