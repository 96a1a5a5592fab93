// TEST ONLY. A real OpenID provider (npm oidc-provider 9.13.3, OpenID Certified) for the sign-in tests, bound to
// 127.0.0.1. Started by tests/Assistant.Bot.Tests/Infrastructure/OidcTestProvider.cs; can also be run by hand:
//
//   node provider.mjs --jwks keys.json [--port 0] [--audience api://tro-ly-dat-dai] [--officer-redirect URL]...
//
// --jwks: a JSON Web Key Set holding the PRIVATE signing key (the test generates it and keeps it, so it can also mint
// crafted tokens with the same key). --port 0 picks a free port; the issuer is http://127.0.0.1:PORT either way.
// Prints "READY <issuer>" on stdout once it listens. Exits when stdin closes (its parent went away).
//
// Accounts (any password on the development login page): officer-a (officer, unit 00004), officer-b (officer,
// unit 00008), supervisor (every unit), admin, norole, 5b0f3c1e-…-0a1b2c3d4e02 (a staff member of the roster sample). Roles and unit codes go into the access token ("roles",
// "units") and the ID token. Access tokens are JWTs for the resource (audience) given by --audience.
//
// Clients:
//   officer-page: the bot's officer page (authorization code + PKCE, confidential: client_secret_post with the secret
//     in OIDC_OFFICER_CLIENT_SECRET or "officer-page-test-secret"). Registered as application_type "native" with
//     loopback redirect URIs so that, by RFC 8252 section 7.3, any port of http://127.0.0.1/signin-oidc is accepted:
//     each test host listens on its own port. --officer-redirect adds exact redirect URIs.
//   api-test: the API tests' client (authorization code + PKCE, public), redirect http://127.0.0.1/callback (any port).
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import Provider, { errors } from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OIDC_PORT ?? '0' },
    jwks: { type: 'string', default: process.env.OIDC_JWKS_FILE },
    audience: { type: 'string', default: process.env.OIDC_AUDIENCE ?? 'api://tro-ly-dat-dai' },
    'officer-redirect': { type: 'string', multiple: true, default: [] },
    'token-ttl': { type: 'string', default: '600' },
  },
});

if (!args.jwks) {
  console.error('provider.mjs: --jwks FILE (a JWKS with the private signing key) is required');
  process.exit(2);
}

const jwks = JSON.parse(fs.readFileSync(args.jwks, 'utf8'));
const audience = args.audience;
const tokenTtl = Number.parseInt(args['token-ttl'], 10);

// The test users. The login is the subject; a real provider gives a pseudonymous id.
const accounts = {
  'officer-a': { roles: ['officer'], units: ['00004'] },
  'officer-b': { roles: ['officer'], units: ['00008'] },
  supervisor: { roles: ['supervisor'], units: ['*'] },
  admin: { roles: ['admin'], units: [] },
  norole: { roles: [], units: [] },
  // A staff member of the roster sample (data/staff/roster.sample.csv), signing in to open archive page links: the
  // subject is the Entra object id Teams sends (as with Auth:SubjectClaim=oid against Entra).
  '5b0f3c1e-8a4d-4c2e-9f61-0a1b2c3d4e02': { roles: ['officer'], units: ['00004', '00008'] },
};

const officerClaims = (accountId) => {
  const account = accounts[accountId];
  return account ? { roles: account.roles, units: account.units } : undefined;
};

const server = http.createServer();
server.listen(Number.parseInt(args.port, 10), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    jwks,
    // Cookie signing keys of this run only.
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    clients: [
      {
        client_id: 'officer-page',
        client_secret: process.env.OIDC_OFFICER_CLIENT_SECRET ?? 'officer-page-test-secret',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/signin-oidc', ...args['officer-redirect']],
        post_logout_redirect_uris: ['http://127.0.0.1/signout-callback-oidc'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: 'api-test',
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    // PKCE for every client, confidential ones included.
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      if (!accounts[id]) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...officerClaims(id) };
        },
      };
    },
    claims: { openid: ['sub', 'roles', 'units'] },
    // Put the granted claims (roles, units) into the ID token too, as Entra ID and Keycloak can.
    conformIdTokenClaims: false,
    scopes: ['openid', 'triage'],
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== audience) throw new errors.InvalidTarget();
          return {
            scope: 'triage',
            audience,
            accessTokenTTL: tokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async extraTokenClaims(_ctx, token) {
      return token.kind === 'AccessToken' ? officerClaims(token.accountId) : undefined;
    },
    ttl: { AccessToken: tokenTtl, IdToken: tokenTtl, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
  });

  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});

// The parent test process holds stdin open; when it goes away, so does the provider.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
