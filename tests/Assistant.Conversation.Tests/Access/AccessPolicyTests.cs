using Assistant.Access;

namespace Assistant.Conversation.Tests.Access;

public sealed class AccessPolicyTests
{
    private readonly AccessPolicy _policy = new();

    [Theory]
    [InlineData(UserRole.Citizen, SecurityLevel.Public)]
    [InlineData(UserRole.Staff, SecurityLevel.Internal)]
    [InlineData(UserRole.Officer, SecurityLevel.Internal)]
    public void A_role_reads_up_to_its_level(UserRole role, SecurityLevel level) =>
        Assert.Equal(level, _policy.ScopeFor(new CallerIdentity(role)).MaxLevel);

    [Fact]
    public void An_anonymous_caller_reads_public_texts_only() =>
        Assert.Equal(AccessScope.Public, _policy.ScopeFor(CallerIdentity.Anonymous));

    [Fact]
    public void A_role_the_policy_does_not_know_gets_the_least() =>
        Assert.Equal(AccessScope.Public, _policy.ScopeFor(new CallerIdentity((UserRole)42)));

    [Fact]
    public void A_turn_names_its_caller_by_the_role_the_host_gave() =>
        Assert.Equal(new CallerIdentity(UserRole.Staff), new UserTurn("c", "x", "msteams", UserRole.Staff).Caller);
}
