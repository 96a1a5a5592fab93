using System.Text.Json;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Bot.Tests.Security;

/// <summary>
/// The test OpenID provider itself (oidc-provider in node): a real code + PKCE sign-in gives JWT access tokens for the
/// API audience, signed with the key the fixture handed it, carrying each account's roles and units.
/// </summary>
public sealed class OidcTestProviderTests(OidcProviderFixture fixture) : IClassFixture<OidcProviderFixture>
{
    private OidcTestProvider Provider => fixture.Provider;

    private async Task<TokenValidationResult> ValidateAsync(string token)
    {
        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(Provider.Issuer + "/.well-known/openid-configuration"));
        Assert.Equal(Provider.Issuer, discovery.RootElement.GetProperty("issuer").GetString());
        var jwks = new JsonWebKeySet(await http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString()));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Provider.Issuer,
            ValidAudience = OidcTestProvider.Audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
    }

    [Fact]
    public async Task Code_flow_with_pkce_gives_a_jwt_access_token_with_roles_and_units()
    {
        var tokens = await Provider.SignInAsync("officer-a");
        var result = await ValidateAsync(tokens.AccessToken);
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("officer-a", jwt.Subject);
        Assert.Equal(["officer"], jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(["00004"], jwt.Claims.Where(c => c.Type == "units").Select(c => c.Value));
        Assert.Equal(OidcTestProvider.KeyId, jwt.Kid);

        var id = new JsonWebToken(tokens.IdToken);
        Assert.Equal(OidcTestProvider.ApiTestClientId, id.Audiences.Single());
        Assert.Equal(["00004"], id.Claims.Where(c => c.Type == "units").Select(c => c.Value));

        var supervisor = new JsonWebToken(await Provider.GetAccessTokenAsync("supervisor"));
        Assert.Equal(["supervisor"], supervisor.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(["*"], supervisor.Claims.Where(c => c.Type == "units").Select(c => c.Value));
    }

    [Fact]
    public async Task Crafted_tokens_fail_validation_for_the_reason_they_were_made_for()
    {
        Assert.True((await ValidateAsync(Provider.CraftedValidToken("officer-a", ["officer"], ["00004"]))).IsValid);
        Assert.IsType<SecurityTokenExpiredException>((await ValidateAsync(Provider.CraftedExpiredToken())).Exception);
        Assert.IsType<SecurityTokenInvalidAudienceException>((await ValidateAsync(Provider.CraftedWrongAudienceToken())).Exception);
        Assert.IsType<SecurityTokenInvalidIssuerException>((await ValidateAsync(Provider.CraftedWrongIssuerToken())).Exception);
        Assert.IsType<SecurityTokenInvalidSignatureException>((await ValidateAsync(Provider.CraftedWrongKeyToken())).Exception);
        var noRole = await ValidateAsync(Provider.CraftedNoRoleToken());
        Assert.True(noRole.IsValid);
        Assert.DoesNotContain(((JsonWebToken)noRole.SecurityToken).Claims, c => c.Type == "roles");
    }
}
