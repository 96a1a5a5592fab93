// Host of the land-procedure assistant: Bot Framework at /api/messages (Teams, Emulator, Agents Playground), Direct Line 3.0
// at /v3/directline, the citizens' Web Chat page at /, dossier triage under /api, health at /healthz, /healthz/live and
// /healthz/ready. Configuration: appsettings.json, environment variables (secrets only from there, e.g.
// Bot__MicrosoftAppPassword, LLM_API_KEY).
using Assistant.Bot;
using Assistant.Bot.Triage;
using Assistant.Conversation;
using Assistant.Land;
using Assistant.ServiceDefaults;
using Assistant.Triage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddLandDomain(builder.Configuration);
builder.Services.AddAssistantConversation(builder.Configuration);
builder.Services.AddAssistantTriage(builder.Configuration);
builder.Services.AddAuditTrail(builder.Configuration);
builder.Services.AddAssistantBot(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAssistantBot();
app.MapTriageApi();
app.Run();

/// <summary>The entry point, public so that tests start the host as built (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
