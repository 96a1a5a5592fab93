using Assistant.Access;
using Assistant.Conversation.Answering;

namespace Assistant.Conversation.Tests.Dialogue;

/// <summary>
/// The aspect a citizen asks about chooses what is cited (issue 13, item 2), through the conversation core as the host
/// composes it, over the bundled corpus in a real Lucene store.
/// </summary>
[Collection(AssistantCollection.Name)]
public sealed class AspectCitationTests(AssistantFixture fixture)
{
    private const string Decree49 = "49/2026/NĐ-CP";

    private Task<AssistantReply> Ask(string text) =>
        fixture.Service.HandleAsync(new UserTurn(Guid.NewGuid().ToString(), text, "test", UserRole.Citizen), CancellationToken.None);

    [Theory]
    [InlineData("Sang tên sổ đỏ cho con thì mất bao lâu?")]
    [InlineData("tach thua dat mat bao lau")]
    [InlineData("Làm thủ tục cấp đổi sổ đỏ bao nhiêu ngày thì xong?")]
    public async Task A_question_about_processing_time_cites_where_the_time_is_set_first(string question)
    {
        var reply = await Ask(question);
        Assert.Equal("procedure", reply.Intent);
        // Before: Điều 173/174 LĐĐ 2024 (the land-use term) for the first question.
        Assert.Equal((Decree49, 15), (reply.Sources[0].DocumentNumber, reply.Sources[0].Article));
        Assert.True(reply.Sources.Count >= 2, "the articles the question found still follow");
    }

    [Fact]
    public async Task A_question_about_papers_is_not_given_the_time_article()
    {
        var reply = await Ask("Sang tên sổ đỏ cho con cần giấy tờ gì?");
        Assert.DoesNotContain(reply.Sources, s => s.DocumentNumber == Decree49 && s.Article == 15);
    }

    [Fact]
    public async Task The_land_use_term_is_no_processing_time()
    {
        // "thời hạn sử dụng đất … là bao lâu" asks for the land-use term: no cue of the data file matches it.
        var rows = AspectCitations.Load(Path.Combine(Assistant.Land.Tests.Procedures.ProcedureTestData.RepoRoot, "data", "conversation"));
        Assert.Empty(rows.For("Thời hạn sử dụng đất khi nhận chuyển nhượng là bao lâu?"));
        Assert.Equal(["time"], rows.For("sang ten so do mat bao lau").Select(r => r.Aspect));
        Assert.Equal(["fees"], rows.For("Sang tên sổ đỏ hết bao nhiêu tiền?").Select(r => r.Aspect));
        Assert.All(rows.Rows, r => Assert.True(r.Article > 0 && r.Why.Length > 0));
    }
}
