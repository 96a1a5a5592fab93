using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Archive;
using Assistant.Bot.Hosting;
using Assistant.Bot.Staff;
using Assistant.Conversation;
using Assistant.Conversation.Archive;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Activities;

/// <summary>
/// Thin Bot Framework bot: turns a message into a <see cref="UserTurn"/>, asks <see cref="IConversationService"/>,
/// and renders its <see cref="AssistantReply"/>. Only input hygiene is decided here (empty, emoji-only, too long);
/// every answer, refusal and follow-up comes from the conversation service.
/// </summary>
public sealed partial class LandAssistantBot(
    IConversationService conversation,
    IOptions<BotHostOptions> options,
    StaffIdentityResolver staff,
    ILogger<LandAssistantBot> logger,
    IAuditTrail? audit = null,
    ArchiveLookupService? archive = null,
    ArchivePageLinks? pageLinks = null) : TeamsActivityHandler
{
    private readonly BotHostOptions _options = options.Value;

    /// <summary>
    /// The channel's span of a turn ("channel.turn", under ASP.NET Core's request span): which channel and activity type,
    /// then the caller's role and the text's length once known; the conversation's spans nest inside it.
    /// </summary>
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        using var span = BotTelemetry.Source.StartActivity(BotTelemetry.TurnSpan);
        span?.SetTag("assistant.channel", Assistant.Conversation.Telemetry.ConversationTelemetry.ChannelTag(turnContext.Activity?.ChannelId));
        span?.SetTag("assistant.activity.type", turnContext.Activity?.Type);
        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var text = CleanText(activity);
        if (text.Length == 0)
        {
            var hasAttachments = activity.Attachments is { Count: > 0 };
            await SendTextAsync(turnContext, hasAttachments ? BotTexts.NonTextOnly : BotTexts.EmptyQuestion, withExamples: !hasAttachments, cancellationToken);
            return;
        }

        if (!HasLetterOrDigit(text))
        {
            await SendTextAsync(turnContext, BotTexts.EmptyQuestion, withExamples: true, cancellationToken);
            return;
        }

        var max = Math.Max(1, _options.MaxQuestionChars);
        if (text.Length > max)
        {
            await SendTextAsync(turnContext, BotTexts.TooLong(text.Length, max), withExamples: false, cancellationToken);
            return;
        }

        var caller = staff.Resolve(turnContext);
        BotTelemetry.TagCurrentTurn(caller.Role, text.Length);
        // Staff: their lookups. In Teams the lookup commands are the app's own, so anyone else gets the polite refusal;
        // on the citizens' channels "tra cứu văn bản …" is an ordinary question and goes to the conversation (Public only).
        bool lookup = caller.Has(UserRole.Staff)
            ? ArchiveLookupService.IsLookupCommand(text) || ArchiveLookupService.LooksLikeLookup(text)
            : ArchiveLookupService.IsLookupCommand(text) && string.Equals(activity.ChannelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase);
        if (archive is not null && lookup)
        {
            await ArchiveLookupAsync(turnContext, caller, text, cancellationToken);
            return;
        }

        var turn = new UserTurn(
            ConversationId: activity.Conversation?.Id ?? string.Empty,
            Text: text,
            Channel: activity.ChannelId ?? string.Empty,
            Role: caller.Role,
            Locale: string.IsNullOrWhiteSpace(activity.Locale) ? "vi-VN" : activity.Locale)
        {
            Identity = caller,
        };

        var reply = await conversation.HandleAsync(turn, cancellationToken);
        LogReply(logger, activity.ChannelId, reply.Intent, reply.Sources?.Count ?? 0);
        await turnContext.SendActivityAsync(ReplyActivityBuilder.Build(reply, activity.ChannelId), cancellationToken);
    }

    /// <summary>
    /// A staff lookup over the archive, answered with one Adaptive Card per page; anyone else who typed a lookup command
    /// gets the refusal and nothing of the archive. Every lookup by staff, and every refused command, is an audit row.
    /// </summary>
    private async Task ArchiveLookupAsync(ITurnContext turnContext, CallerIdentity caller, string text, CancellationToken cancellationToken)
    {
        var result = await archive!.LookupAsync(caller, text, top: 5, cancellationToken);
        AuditLookup(caller, result);
        IMessageActivity reply = result.Outcome switch
        {
            ArchiveLookupOutcome.NotStaff => MessageFactory.Text(BotTexts.ArchiveStaffOnly),
            ArchiveLookupOutcome.EmptyQuery => MessageFactory.Text(BotTexts.ArchiveEmptyQuery),
            ArchiveLookupOutcome.OutsideUnits => MessageFactory.Text(BotTexts.ArchiveOutsideUnits),
            ArchiveLookupOutcome.NothingFound => MessageFactory.Text(BotTexts.ArchiveNothingFound),
            _ => MessageFactory.Attachment(result.Hits.Select(h => CardAttachment(h, caller)).ToList(), BotTexts.ArchiveFound(result.Hits.Count, result.Query.UnitNames)),
        };
        reply.TextFormat = TextFormatTypes.Plain;
        if (result.Hits.Count > 1) reply.AttachmentLayout = AttachmentLayoutTypes.List;
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    /// <summary>The messaging extension's search ("Tra cứu hồ sơ lưu trữ", parameter q): the same lookup as a result list.</summary>
    protected override async Task<MessagingExtensionResponse> OnTeamsMessagingExtensionQueryAsync(ITurnContext<IInvokeActivity> turnContext, MessagingExtensionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = staff.Resolve(turnContext);
        var q = query.Parameters?.FirstOrDefault(p => p.Name == "q")?.Value?.ToString()?.Trim() ?? "";
        if (archive is null || !caller.Has(UserRole.Staff))
        {
            if (archive is not null) AuditLookup(caller, ArchiveLookupResult.Refused(ArchiveLookupOutcome.NotStaff, archive.Parse("")));
            return new MessagingExtensionResponse { ComposeExtension = new MessagingExtensionResult { Type = "message", Text = BotTexts.ArchiveStaffOnly } };
        }
        if (q.Length == 0 || q.Length > _options.MaxQuestionChars)
            return new MessagingExtensionResponse { ComposeExtension = new MessagingExtensionResult { Type = "result", AttachmentLayout = AttachmentLayoutTypes.List, Attachments = [] } };

        var result = await archive.LookupAsync(caller, q, top: Math.Clamp(query.QueryOptions?.Count ?? 10, 1, 20), cancellationToken);
        AuditLookup(caller, result);
        if (result.Outcome is ArchiveLookupOutcome.OutsideUnits)
            return new MessagingExtensionResponse { ComposeExtension = new MessagingExtensionResult { Type = "message", Text = BotTexts.ArchiveOutsideUnits } };
        var attachments = result.Hits.Select(h =>
        {
            var card = CardAttachment(h, caller);
            var (title, subtitle) = ArchiveCards.Preview(h);
            return new MessagingExtensionAttachment(card.ContentType, content: card.Content,
                preview: new ThumbnailCard(title: title, subtitle: subtitle).ToAttachment());
        }).ToList();
        return new MessagingExtensionResponse { ComposeExtension = new MessagingExtensionResult { Type = "result", AttachmentLayout = AttachmentLayoutTypes.List, Attachments = attachments } };
    }

    private Attachment CardAttachment(ArchiveLookupHit hit, CallerIdentity caller)
    {
        var link = pageLinks?.Create(hit.PageId, caller.Subject!) ?? "";
        return new Attachment { ContentType = ArchiveCards.ContentType, Content = Newtonsoft.Json.Linq.JObject.Parse(ArchiveCards.Card(hit, link)) };
    }

    /// <summary>One audit row per lookup: the pages returned (ids only), never the query text or a field value.</summary>
    private void AuditLookup(CallerIdentity caller, ArchiveLookupResult result)
    {
        if (audit is null) return;
        var units = caller.Units.ToString();
        var (target, outcome) = result.Outcome switch
        {
            ArchiveLookupOutcome.Found => (string.Join(",", result.Hits.Select(h => h.PageId)), AuditOutcomes.Ok),
            ArchiveLookupOutcome.NothingFound => (null, AuditOutcomes.NotFound),
            ArchiveLookupOutcome.EmptyQuery => (null, AuditOutcomes.Invalid),
            _ => ((string?)null, AuditOutcomes.Denied),
        };
        audit.Append(new AuditEntry(caller.Subject ?? "anonymous", caller.Has(UserRole.Staff) ? "staff" : "citizen", units.Length == 0 ? null : units,
            AuditActions.ArchiveLookup, target, ClientAddress: null, outcome));
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var botId = turnContext.Activity.Recipient?.Id;
        if (membersAdded is null || !membersAdded.Any(m => m is not null && m.Id != botId))
        {
            return;
        }

        var caller = staff.Resolve(turnContext);
        var isStaff = caller.Has(UserRole.Staff);
        if (isStaff)
        {
            // Who started a staff conversation, when: the subject is the pseudonymous object id, the target the conversation.
            var units = caller.Units.ToString();
            audit?.Append(new AuditEntry(caller.Subject!, "staff", units.Length == 0 ? null : units, AuditActions.StaffSessionStart,
                turnContext.Activity.Conversation?.Id, ClientAddress: null, AuditOutcomes.Ok));
        }

        var welcome = isStaff ? BotTexts.WelcomeStaff : BotTexts.Welcome;
        await SendTextAsync(turnContext, welcome, withExamples: true, cancellationToken);
    }

    /// <summary>
    /// The user's text without Teams @mentions (the bot's and anyone else's): runs of spaces collapsed, line breaks kept
    /// (at most one blank line), trimmed.
    /// </summary>
    public static string CleanText(IMessageActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        if (text.Length == 0)
        {
            return text;
        }

        foreach (var mention in activity.GetMentions() ?? [])
        {
            if (!string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, " ", StringComparison.Ordinal);
            }
        }

        text = AtTag().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), " ");
        text = HorizontalSpace().Replace(text, " ");
        text = SpaceAroundNewline().Replace(text, "\n");
        return ManyNewlines().Replace(text, "\n\n").Trim();
    }

    internal static bool HasLetterOrDigit(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category == UnicodeCategory.LetterNumber || category == UnicodeCategory.OtherNumber)
            {
                return true;
            }
        }

        return false;
    }

    private static Task SendTextAsync(ITurnContext turnContext, string text, bool withExamples, CancellationToken cancellationToken)
    {
        var message = MessageFactory.Text(text);
        message.TextFormat = TextFormatTypes.Markdown;
        if (withExamples)
        {
            message.SuggestedActions = ReplyActivityBuilder.SuggestedActions(BotTexts.ExampleQuestions);
        }

        return turnContext.SendActivityAsync(message, cancellationToken);
    }

    [GeneratedRegex(@"<at[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"[^\S\n]+")]
    private static partial Regex HorizontalSpace();

    [GeneratedRegex(@" ?\n ?")]
    private static partial Regex SpaceAroundNewline();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyNewlines();

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered on {Channel}: intent {Intent}, {SourceCount} sources")]
    private static partial void LogReply(ILogger logger, string? channel, string? intent, int sourceCount);
}
