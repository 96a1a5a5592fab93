using Assistant.Access;
using Assistant.Bot.Activities;
using Assistant.Bot.Hosting;
using Assistant.Bot.Staff;
using Assistant.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>Dialogue tests with Bot Builder's TestAdapter/TestFlow: the bot with the placeholder stub service.</summary>
public sealed class LandAssistantBotFlowTests
{
    private readonly StubConversationService _stub = new();

    private LandAssistantBot NewBot(int maxQuestionChars = 4000)
    {
        var options = Options.Create(new BotHostOptions { MaxQuestionChars = maxQuestionChars });
        var staff = new StaffIdentityResolver(StaffRoster.Empty, Options.Create(new StaffOptions()), options);
        return new(_stub, options, staff, NullLogger<LandAssistantBot>.Instance);
    }

    [Fact]
    public async Task Question_IsPassedToTheServiceAndTheReplyCarriesTextCardAndSuggestions()
    {
        var adapter = new TestAdapter(Channels.Directline);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send("  tách thửa đất   cần giấy tờ gì? ")
            .AssertReply(activity =>
            {
                var message = activity.AsMessageActivity();
                Assert.Contains(StubConversationService.AnswerPrefix, message.Text);
                Assert.Equal(TextFormatTypes.Markdown, message.TextFormat);
                var attachment = Assert.Single(message.Attachments);
                Assert.Equal(ReplyActivityBuilder.AdaptiveCardContentType, attachment.ContentType);
                var card = Assert.IsType<JObject>(attachment.Content);
                Assert.Equal("1.5", (string?)card["version"]);
                Assert.Contains(StubConversationService.FakeCitation, card.ToString());
                Assert.Contains(StubConversationService.CardTitle, card.ToString());
                Assert.Equal(["Hồ sơ gồm những gì?", "Thời hạn giải quyết bao lâu?"], message.SuggestedActions.Actions.Select(a => (string)a.Value));
                Assert.All(message.SuggestedActions.Actions, a => Assert.Equal(ActionTypes.ImBack, a.Type));
            })
            .StartTestAsync();

        var turn = Assert.Single(_stub.Turns);
        Assert.Equal("tách thửa đất cần giấy tờ gì?", turn.Text);
        Assert.Equal(UserRole.Citizen, turn.Role);
        Assert.Equal(Channels.Directline, turn.Channel);
        Assert.False(string.IsNullOrEmpty(turn.ConversationId));
    }

    [Fact]
    public async Task Teams_WithoutAVerifiedIdentity_IsACitizen_MentionsAreStripped_AndTheCardIsAdaptive()
    {
        var adapter = new TestAdapter(Channels.Msteams);
        var message = adapter.MakeActivity("<at>Trợ lý đất đai</at> thủ tục cấp sổ đỏ lần đầu");
        message.Entities = [new Mention(new ChannelAccount(adapter.Conversation.Bot.Id, "Trợ lý đất đai"), "<at>Trợ lý đất đai</at>")];
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send(message)
            .AssertReply(a => Assert.Equal(ReplyActivityBuilder.AdaptiveCardContentType, Assert.Single(a.AsMessageActivity().Attachments).ContentType))
            .StartTestAsync();

        var turn = Assert.Single(_stub.Turns);
        Assert.Equal("thủ tục cấp sổ đỏ lần đầu", turn.Text);
        // The channel alone makes nobody staff (issue 12): that takes a verified token, the tenant and the roster.
        Assert.Equal(UserRole.Citizen, turn.Role);
        Assert.Equal("msteams", turn.Channel);
    }

    [Theory]
    [InlineData("  a \t b  ", "a b")]
    [InlineData("dòng một  \r\n\r\n\r\n\r\n  dòng hai", "dòng một\n\ndòng hai")]
    [InlineData("<at>Bot</at>\u00A0hỏi <at id=\"1\">Lan</at> về sổ đỏ", "hỏi về sổ đỏ")]
    public void CleanText_CollapsesSpaces_KeepsLineBreaks_DropsMentions(string text, string expected) =>
        Assert.Equal(expected, LandAssistantBot.CleanText(new Activity(ActivityTypes.Message) { Text = text }));

    [Fact]
    public async Task OtherChannels_GetAHeroCardWithTheSources()
    {
        var adapter = new TestAdapter(Channels.Test);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send("chuyển mục đích sử dụng đất")
            .AssertReply(a =>
            {
                var attachment = Assert.Single(a.AsMessageActivity().Attachments);
                Assert.Equal(HeroCard.ContentType, attachment.ContentType);
                var hero = Assert.IsType<HeroCard>(attachment.Content);
                Assert.Equal(StubConversationService.CardTitle, hero.Title);
                Assert.Contains(StubConversationService.FakeCitation, hero.Text);
            })
            .StartTestAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("😀🙏🏠")]
    [InlineData("?!…")]
    public async Task EmptyOrEmojiOnly_GetsAPoliteVietnamesePrompt_WithoutCallingTheService(string text)
    {
        var adapter = new TestAdapter(Channels.Directline);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send(text)
            .AssertReply(a =>
            {
                Assert.Equal(BotTexts.EmptyQuestion, a.AsMessageActivity().Text);
                Assert.NotEmpty(a.AsMessageActivity().SuggestedActions.Actions);
            })
            .StartTestAsync();
        Assert.Empty(_stub.Turns);
    }

    [Fact]
    public async Task TooLongQuestion_GetsAskedToShorten()
    {
        var adapter = new TestAdapter(Channels.Directline);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send(new string('a', 20_000))
            .AssertReply(a => Assert.Contains("rút gọn", a.AsMessageActivity().Text))
            .Send("câu hỏi bình thường")
            .AssertReply(a => Assert.Contains(StubConversationService.AnswerPrefix, a.AsMessageActivity().Text))
            .StartTestAsync();
        Assert.Single(_stub.Turns);
    }

    [Fact]
    public async Task MembersAdded_GetsOneVietnameseWelcome_ButNotForTheBotItself()
    {
        var adapter = new TestAdapter(Channels.Directline);
        var bot = adapter.Conversation.Bot;
        var user = adapter.Conversation.User;
        var userJoined = new Activity(ActivityTypes.ConversationUpdate) { MembersAdded = [bot, user] };
        var botJoined = new Activity(ActivityTypes.ConversationUpdate) { MembersAdded = [bot] };
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send(botJoined)
            .Send(userJoined)
            .AssertReply(a => Assert.StartsWith("Xin chào", a.AsMessageActivity().Text))
            .Send("xin chào")
            .AssertReply(a => Assert.Contains(StubConversationService.AnswerPrefix, a.AsMessageActivity().Text))
            .StartTestAsync();
    }

    [Fact]
    public async Task UnknownActivityTypes_AreIgnoredQuietly()
    {
        var adapter = new TestAdapter(Channels.Directline);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send(new Activity("somethingNew") { Text = "x" })
            .Send(new Activity(ActivityTypes.Event) { Name = "webchat/join" })
            .Send(new Activity(ActivityTypes.Typing))
            .Send("câu hỏi sau đó")
            .AssertReply(a => Assert.Contains("câu hỏi sau đó", a.AsMessageActivity().Text))
            .StartTestAsync();
    }

    [Fact]
    public async Task ServiceFailure_BecomesAnApology_FromTheAdapterErrorHandler()
    {
        var adapter = new TestAdapter(Channels.Directline);
        adapter.OnTurnError = async (context, _) => await context.SendActivityAsync(BotTexts.Error);
        await new TestFlow(adapter, NewBot().OnTurnAsync)
            .Send("câu hỏi " + StubConversationService.FailTrigger)
            .AssertReply(BotTexts.Error)
            .StartTestAsync();
    }

    [Fact]
    public void AdaptiveCard_HasTitleFactsBullets_AndTheSourcesBehindXemCanCu()
    {
        var card = ReplyActivityBuilder.AdaptiveCard(
            new ReplyCard("Tiêu đề", "Phụ đề", [new CardFact("Nhãn", "Giá trị")], ["Ý một"]) { BulletsHeading = "Giấy tờ cần nộp" },
            [new SourceCitation("Điều 1 Luật X", new string('x', 2000))]);
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        var body = (JArray)card["body"]!;
        Assert.Equal("Tiêu đề", (string?)body[0]["text"]);
        Assert.Equal("FactSet", (string?)body[2]["type"]);
        Assert.Equal("Giấy tờ cần nộp", (string?)body[3]["text"]);
        Assert.Equal("• Ý một", (string?)body[4]["text"]);
        // Nothing of the law on the first screen: the excerpts are in the card that "Xem căn cứ" opens (Web Chat and Teams render it).
        Assert.Equal(5, body.Count);
        Assert.DoesNotContain("Điều 1 Luật X", card["body"]!.ToString());
        var action = Assert.Single((JArray)card["actions"]!);
        Assert.Equal("Action.ShowCard", (string?)action["type"]);
        Assert.Equal(BotTexts.SeeBasis, (string?)action["title"]);
        var sources = (JArray)action["card"]!["body"]!;
        Assert.Equal(BotTexts.SourcesHeading, (string?)sources[0]["text"]);
        Assert.Equal("Điều 1 Luật X", (string?)sources[1]["text"]);
        Assert.True(((string?)sources[2]["text"])!.Length <= ReplyActivityBuilder.MaxExcerptChars + 1);
    }

    [Fact]
    public void HeroCard_NamesTheSources_AndOffersXemCanCu_AsAMessageTheRouterReads()
    {
        var hero = (HeroCard)ReplyActivityBuilder.HeroCardAttachment(new ReplyCard("Tiêu đề", null, [], ["Ý một"]), [new SourceCitation("Điều 1 Luật X", "trích")]).Content;
        Assert.Contains("Điều 1 Luật X", hero.Text);
        Assert.DoesNotContain("trích", hero.Text);
        var button = Assert.Single(hero.Buttons);
        Assert.Equal((ActionTypes.ImBack, BotTexts.SeeBasis), (button.Type, (string)button.Value));
    }

    [Fact]
    public void ReplyWithoutCardOrSources_HasNoAttachment()
    {
        var message = ReplyActivityBuilder.Build(new AssistantReply("Chỉ có chữ", null, [], [], "x"), Channels.Msteams);
        Assert.Null(message.Attachments is { Count: > 0 } ? message.Attachments : null);
        Assert.Null(message.SuggestedActions);
    }
}
