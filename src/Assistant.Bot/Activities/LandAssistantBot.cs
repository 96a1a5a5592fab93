using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Hosting;
using Assistant.Bot.Staff;
using Assistant.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
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
    IAuditTrail? audit = null) : TeamsActivityHandler
{
    private readonly BotHostOptions _options = options.Value;

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
