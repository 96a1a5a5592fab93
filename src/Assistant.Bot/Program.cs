// Bot Framework host of the land-procedure assistant: /api/messages (Teams, Emulator, Agents Playground),
// Direct Line 3.0 at /v3/directline, the citizens' Web Chat page at /, /healthz.
// Configuration: appsettings.json, environment variables (secrets only from there, e.g. Bot__MicrosoftAppPassword, LLM_API_KEY).
using Assistant.Bot;
using Assistant.Bot.Hosting;
using Assistant.Conversation;
using Assistant.Land;
using Assistant.Triage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLandDomain(builder.Configuration);
builder.Services.AddAssistantConversation(builder.Configuration);
builder.Services.AddAssistantTriage(builder.Configuration);
builder.Services.AddTriageChatCommand();
builder.Services.AddSingleton<IReadinessProbe, CorpusReadinessProbe>();
builder.Services.AddAssistantBot(builder.Configuration);

var app = builder.Build();
app.MapAssistantBot();
app.MapTriageEndpoints();
app.Run();
