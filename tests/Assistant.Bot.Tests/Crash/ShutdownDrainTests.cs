using Assistant.Bot.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Assistant.Bot.Tests.Crash;

/// <summary>The drain's rules, on a settable clock: what is refused, what is waited for, and when it gives up.</summary>
public sealed class ShutdownDrainTests
{
    private readonly FakeTimeProvider _time = new();

    private ShutdownDrain Drain(TimeSpan? timeout = null) =>
        new(Options.Create(new ShutdownOptions { Timeout = timeout ?? TimeSpan.FromSeconds(30), CloseReserve = TimeSpan.FromSeconds(5) }), _time, NullLogger<ShutdownDrain>.Instance);

    [Fact]
    public async Task Draining_RefusesNewWork_WaitsForAcceptedWork_AndEndsWhenTheLastOneExits()
    {
        using var drain = Drain();
        Assert.True(drain.TryEnter());

        var stopping = drain.StoppingAsync(CancellationToken.None);
        Assert.True(drain.IsDraining);
        Assert.False(drain.TryEnter());
        // A Direct Line turn of a POST answered before the stop still counts in.
        drain.EnterAccepted();
        Assert.Equal(2, drain.InFlight);

        drain.Exit();
        Assert.False(stopping.IsCompleted);
        drain.Exit();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(drain.HardStop.IsCancellationRequested);
    }

    [Fact]
    public async Task NothingInFlight_TheDrainEndsAtOnce()
    {
        using var drain = Drain();
        await drain.StoppingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(drain.IsDraining);
    }

    [Fact]
    public async Task WorkStillRunningAtTheDeadline_IsCancelledThroughHardStop()
    {
        using var drain = Drain();
        Assert.True(drain.TryEnter());
        var stopping = drain.StoppingAsync(CancellationToken.None);

        // The drain may last Timeout − CloseReserve = 25 s.
        _time.Advance(TimeSpan.FromSeconds(24));
        Assert.False(stopping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(drain.HardStop.IsCancellationRequested);
    }

    [Fact]
    public async Task RepliesNotYetFetched_AreWaitedFor_UntilTheClientReadsThem()
    {
        using var drain = Drain();
        var conversation = new Pending { HasUnread = true, LastReadAt = _time.GetUtcNow() };
        drain.RepliesAppended(conversation);
        var stopping = drain.StoppingAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(stopping.IsCompleted);

        conversation.HasUnread = false;
        drain.RepliesRead(conversation);
        // The drain looks again every 100 ms of the clock: move it until it has looked (each look may be queued first).
        for (var step = 0; step < 1000 && !stopping.IsCompleted; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(drain.HardStop.IsCancellationRequested);
    }

    [Fact]
    public async Task AClientThatStoppedPolling_IsTakenAsGone_AndNotWaitedFor()
    {
        using var drain = Drain();
        drain.RepliesAppended(new Pending { HasUnread = true, LastReadAt = _time.GetUtcNow() - TimeSpan.FromSeconds(11) });
        drain.RepliesAppended(new Pending { HasUnread = true, LastReadAt = DateTimeOffset.MinValue });
        await drain.StoppingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(drain.HardStop.IsCancellationRequested);
    }

    [Theory]
    [InlineData("00:00:30", "00:00:05", true)]
    [InlineData("00:00:04", "00:00:01", false)]
    [InlineData("00:11:00", "00:00:05", false)]
    [InlineData("00:00:30", "00:00:20", false)]
    [InlineData("00:00:30", "00:00:00", false)]
    public void Options_AreValidated(string timeout, string closeReserve, bool valid)
    {
        var options = new ShutdownOptions { Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture), CloseReserve = TimeSpan.Parse(closeReserve, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(valid, new ShutdownOptionsValidator().Validate(null, options).Succeeded);
    }

    private sealed class Pending : IPendingDelivery
    {
        public bool HasUnread { get; set; }

        public bool IsEvicted { get; set; }

        public DateTimeOffset LastReadAt { get; set; }
    }
}
