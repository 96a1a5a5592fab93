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

    [Fact]
    public void Verified_staff_cleared_for_confidential_read_confidential_texts()
    {
        var staff = new CallerIdentity(UserRole.Staff) { Subject = "5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e02", Clearance = SecurityLevel.Confidential };
        Assert.Equal(AccessScope.Confidential, _policy.ScopeFor(staff));
        Assert.Equal(AccessScope.Internal, _policy.ScopeFor(staff with { Clearance = SecurityLevel.Internal }));
    }

    [Fact]
    public void A_clearance_without_a_verified_identity_gives_no_more_than_the_role() =>
        Assert.Equal(AccessScope.Internal, _policy.ScopeFor(new CallerIdentity(UserRole.Staff) { Clearance = SecurityLevel.Confidential }));

    [Fact]
    public void Document_units_are_a_verified_staff_members_own()
    {
        var units = UnitScope.Of(["00004", "00008"]);
        Assert.Equal(units, _policy.DocumentUnitsFor(new CallerIdentity(UserRole.Staff) { Subject = "s", Units = units }));
        Assert.Equal(UnitScope.None, _policy.DocumentUnitsFor(new CallerIdentity(UserRole.Staff) { Units = units }));
        Assert.Equal(UnitScope.None, _policy.DocumentUnitsFor(new CallerIdentity(UserRole.Citizen) { Subject = "s", Units = units }));
    }

    [Fact]
    public void A_turn_with_a_verified_identity_names_that_identity()
    {
        var staff = new CallerIdentity(UserRole.Staff) { Subject = "s", Clearance = SecurityLevel.Confidential };
        Assert.Same(staff, new UserTurn("c", "x", "msteams", UserRole.Staff) { Identity = staff }.Caller);
    }
}
