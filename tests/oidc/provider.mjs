// A real OpenID Connect provider for the browser tests: the certified `oidc-provider`
// package, run on this machine with one client (the desk), a signing key made at start, and
// the package's own development sign-in pages (any user name signs in as that subject).
//
//   node tests/oidc/provider.mjs --redirect http://127.0.0.1:PORT/api/v1/staff/oidc/callback \
//        --client-id miz-workbench --client-secret SECRET
//
// Prints `issuer=http://127.0.0.1:PORT` once it listens.

import Provider from 'oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const redirect = arg('redirect');
const clientId = arg('client-id', 'miz-workbench');
const clientSecret = arg('client-secret', 'e2e-client-secret-not-secret');
const port = Number(arg('port', '0'));
if (!redirect) {
  console.error('--redirect is needed');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-rs256', use: 'sig', alg: 'RS256' };

// The issuer must be known before the provider is made: listen on a port first.
const http = createServer();
await new Promise((resolve) => http.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${http.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirect],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id, preferred_username: id }; } };
  },
});
// Plain HTTP on this machine only: tell the package the connection is what it is.
provider.proxy = false;
http.on('request', provider.callback());
console.log(`issuer=${issuer}`);

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => http.close(() => process.exit(0)));
