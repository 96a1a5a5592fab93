using Assistant.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Activities;

/// <summary>
/// Turns a channel-agnostic <see cref="AssistantReply"/> into a Bot Framework message: Markdown text, one card
/// (Adaptive Card 1.5 where the channel renders it, else a hero card) and imBack suggested actions.
/// The AdaptiveCards package is not available here, so the card is plain JSON (Newtonsoft JObject).
/// </summary>
public static class ReplyActivityBuilder
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
    public const string AdaptiveCardVersion = "1.5";

    // Channels whose clients render Adaptive Cards 1.5 (Teams, Web Chat over Direct Line, Emulator).
    private static readonly HashSet<string> AdaptiveCardChannels = new(StringComparer.OrdinalIgnoreCase)
    {
        Channels.Msteams, Channels.Webchat, Channels.Directline, Channels.Emulator,
    };

    internal const int MaxSources = 8;
    internal const int MaxExcerptChars = 400;
    internal const int MaxSuggestedActions = 6;

    public static bool SupportsAdaptiveCards(string? channelId) =>
        channelId is not null && AdaptiveCardChannels.Contains(channelId);

    public static IMessageActivity Build(AssistantReply reply, string? channelId)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = string.IsNullOrWhiteSpace(reply.Markdown) ? BotTexts.Error : reply.Markdown;
        var activity = MessageFactory.Text(text);
        activity.TextFormat = TextFormatTypes.Markdown;

        var sources = reply.Sources ?? [];
        if (reply.Card is not null || sources.Count > 0)
        {
            activity.Attachments = new List<Attachment>
            {
                SupportsAdaptiveCards(channelId)
                    ? AdaptiveCardAttachment(reply.Card, sources)
                    : HeroCardAttachment(reply.Card, sources),
            };
        }

        var suggestions = (reply.SuggestedActions ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s.Trim())
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSuggestedActions)
            .ToList();
        if (suggestions.Count > 0)
        {
            activity.SuggestedActions = SuggestedActions(suggestions);
        }

        return activity;
    }

    public static SuggestedActions SuggestedActions(IEnumerable<string> texts) => new()
    {
        Actions = texts.Select(t => new CardAction(ActionTypes.ImBack, title: t, value: t)).ToList(),
    };

    public static Attachment AdaptiveCardAttachment(ReplyCard? card, IReadOnlyList<SourceCitation> sources) => new()
    {
        ContentType = AdaptiveCardContentType,
        Content = AdaptiveCard(card, sources),
    };

    /// <summary>Adaptive Card 1.5: title, subtitle, facts, bullets, then the legal sources with their excerpts.</summary>
    public static JObject AdaptiveCard(ReplyCard? card, IReadOnlyList<SourceCitation> sources)
    {
        var body = new JArray();
        if (card is not null)
        {
            if (!string.IsNullOrWhiteSpace(card.Title))
            {
                body.Add(TextBlock(card.Title, size: "Medium", weight: "Bolder"));
            }

            if (!string.IsNullOrWhiteSpace(card.Subtitle))
            {
                body.Add(TextBlock(card.Subtitle, isSubtle: true, spacing: "None"));
            }

            var facts = (card.Facts ?? []).Where(f => !string.IsNullOrWhiteSpace(f.Label) || !string.IsNullOrWhiteSpace(f.Value)).ToList();
            if (facts.Count > 0)
            {
                body.Add(new JObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JArray(facts.Select(f => new JObject { ["title"] = f.Label, ["value"] = f.Value })),
                });
            }

            if (!string.IsNullOrWhiteSpace(card.BulletsHeading) && card.Bullets is { Count: > 0 })
            {
                body.Add(TextBlock(card.BulletsHeading, weight: "Bolder", spacing: "Medium"));
            }

            foreach (var bullet in (card.Bullets ?? []).Where(b => !string.IsNullOrWhiteSpace(b)))
            {
                body.Add(TextBlock("• " + bullet, spacing: "Small"));
            }
        }

        // The law's excerpts are behind "Xem căn cứ" (Action.ShowCard: rendered by Web Chat and Teams alike, no round trip),
        // so the first screen of a phone holds the answer, not the excerpts.
        var shown = sources.Where(s => !string.IsNullOrWhiteSpace(s.Citation)).Take(MaxSources).ToList();
        var actions = new JArray();
        if (shown.Count > 0)
        {
            var items = new JArray { TextBlock(BotTexts.SourcesHeading, weight: "Bolder") };
            foreach (var source in shown)
            {
                items.Add(TextBlock(source.Citation, weight: "Bolder", size: "Small", spacing: "Small"));
                if (!string.IsNullOrWhiteSpace(source.Excerpt))
                {
                    items.Add(TextBlock(Shorten(source.Excerpt, MaxExcerptChars), isSubtle: true, size: "Small", spacing: "None"));
                }
            }

            actions.Add(new JObject
            {
                ["type"] = "Action.ShowCard",
                ["title"] = BotTexts.SeeBasis,
                ["card"] = new JObject { ["type"] = "AdaptiveCard", ["body"] = items },
            });
        }

        var adaptive = new JObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = AdaptiveCardVersion,
            ["body"] = body,
        };
        if (actions.Count > 0)
        {
            adaptive["actions"] = actions;
        }

        return adaptive;
    }

    /// <summary>For channels without Adaptive Cards: a hero card whose text lists facts, bullets and sources.</summary>
    public static Attachment HeroCardAttachment(ReplyCard? card, IReadOnlyList<SourceCitation> sources)
    {
        var lines = new List<string>();
        if (card is not null)
        {
            lines.AddRange((card.Facts ?? []).Select(f => $"{f.Label}: {f.Value}"));
            if (!string.IsNullOrWhiteSpace(card.BulletsHeading) && card.Bullets is { Count: > 0 })
            {
                lines.Add(card.BulletsHeading + ":");
            }

            lines.AddRange((card.Bullets ?? []).Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => "• " + b));
        }

        // A channel without Adaptive Cards has no expander: the card names the sources, and their excerpts come as the answer
        // to "Xem căn cứ", which the router reads as the follow-up on the procedure's basis.
        var shown = sources.Where(s => !string.IsNullOrWhiteSpace(s.Citation)).Take(MaxSources).ToList();
        if (shown.Count > 0)
        {
            lines.Add(BotTexts.SourcesHeading + ":");
            lines.AddRange(shown.Select(s => "- " + s.Citation));
        }

        var hasSources = shown.Count > 0;
        var hero = new HeroCard
        {
            Title = card?.Title ?? BotTexts.SourcesHeading,
            Subtitle = card?.Subtitle,
            Text = string.Join("\n\n", lines),
            Buttons = hasSources ? [new CardAction(ActionTypes.ImBack, title: BotTexts.SeeBasis, value: BotTexts.SeeBasis)] : null,
        };
        return hero.ToAttachment();
    }

    private static JObject TextBlock(string text, string? size = null, string? weight = null, bool isSubtle = false, string? spacing = null)
    {
        var block = new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (isSubtle)
        {
            block["isSubtle"] = true;
        }

        if (spacing is not null)
        {
            block["spacing"] = spacing;
        }

        return block;
    }

    internal static string Shorten(string text, int max)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= max)
        {
            return trimmed;
        }

        var cut = trimmed[..max];
        var space = cut.LastIndexOf(' ');
        if (space > max / 2)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd() + "…";
    }
}
