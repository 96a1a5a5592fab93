using Assistant.Conversation.Routing;

namespace Assistant.Conversation.Tests.Routing;

public sealed class ReplyKindTests
{
    /// <summary>The intents hosts, stored conversation states and clients read: a contract, whatever the enum is called.</summary>
    [Theory]
    [InlineData(ReplyKind.Help, "help")]
    [InlineData(ReplyKind.Greeting, "greeting")]
    [InlineData(ReplyKind.AdminUnit, "admin-unit")]
    [InlineData(ReplyKind.Procedure, "procedure")]
    [InlineData(ReplyKind.ProcedureFollowUp, "procedure-followup")]
    [InlineData(ReplyKind.ProcedureSuggest, "procedure-suggest")]
    [InlineData(ReplyKind.Legal, "legal")]
    [InlineData(ReplyKind.LegalGenerated, "legal-generated")]
    [InlineData(ReplyKind.OutOfScope, "out-of-scope")]
    [InlineData(ReplyKind.Unsure, "unsure")]
    [InlineData(ReplyKind.Triage, "triage")]
    public void Every_kind_keeps_its_wire_string(ReplyKind kind, string wire) => Assert.Equal(wire, kind.ToWireString());

    [Fact]
    public void Wire_strings_are_distinct() =>
        Assert.Equal(Enum.GetValues<ReplyKind>().Length, Enum.GetValues<ReplyKind>().Select(k => k.ToWireString()).Distinct().Count());
}
