namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>One running bot host (auth off) and one fake channel, shared by the tests of a class.</summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    public BotTestHost Host { get; private set; } = null!;

    public FakeChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await BotTestHost.StartAsync();
        Channel = await FakeChannel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Channel.DisposeAsync();
    }
}
