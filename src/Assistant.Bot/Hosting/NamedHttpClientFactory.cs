namespace Assistant.Bot.Hosting;

/// <summary>
/// Hands a library that asks for the default client (Bot Builder's connector calls CreateClient() without a name) the
/// host's named client, with that client's own handler configuration.
/// </summary>
internal sealed class NamedHttpClientFactory(IHttpClientFactory inner, string name) : IHttpClientFactory
{
    public HttpClient CreateClient(string _) => inner.CreateClient(name);
}
