// An example module application (R-L3): signs a user in through Nyckel with OpenID Connect (openid-client, a
// certified relying party), shows the organisation chosen at sign-in and its modules from the ID token, and asks
// Nyckel's check API with its own client-credentials token. Run beside `npm start`: node examples/module-app/app.mjs
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import * as oidc from 'openid-client';

const NYCKEL = process.env.NYCKEL_URL ?? 'http://localhost:3000';
const PORT = Number(process.env.PORT ?? 3001);
const HERE = `http://localhost:${PORT}`;
const MODULES = ['accounting', 'payroll'];
const clientId = process.env.CLIENT_ID ?? 'nyckel-example-app';
const secret = process.env.CLIENT_SECRET ?? 'nyckel-example-secret'; // the demo data's; register your own in the console
const insecure = NYCKEL.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {};
const config = await oidc.discovery(new URL(NYCKEL), clientId, undefined, oidc.ClientSecretBasic(secret), insecure);
const sessions = new Map(); // sid → { verifier, state } while signing in, then { claims, idToken }

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res, body) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>Module app</title><body style="font-family:sans-serif;max-width:40em;margin:2em auto"><main>${body}</main></body></html>`);

/** The check API with the application's own token (client credentials): one question per module. */
async function check(claims) {
  const { access_token } = await oidc.clientCredentialsGrant(config, { scope: 'nyckel:check' });
  const checks = MODULES.map((module) => ({ accountId: claims.sub, orgId: claims.org_id, module }));
  const r = await fetch(`${NYCKEL}/api/v1/check/batch`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ checks }) });
  return (await r.json()).results;
}

createServer(async (req, res) => {
  const url = new URL(req.url, HERE);
  const sid = /sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  const session = sid && sessions.get(sid);
  try {
    if (url.pathname === '/login') {
      const id = randomBytes(16).toString('base64url');
      const flow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState() };
      sessions.set(id, flow);
      const to = oidc.buildAuthorizationUrl(config, { redirect_uri: `${HERE}/callback`, scope: 'openid profile email', state: flow.state, code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256' });
      return res.writeHead(302, { location: to.href, 'set-cookie': `sid=${id}; HttpOnly; SameSite=Lax; Path=/` }).end();
    }
    if (url.pathname === '/callback' && session?.verifier) {
      const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: session.verifier, expectedState: session.state });
      sessions.set(sid, { claims: tokens.claims(), idToken: tokens.id_token });
      return res.writeHead(302, { location: '/' }).end();
    }
    if (url.pathname === '/logout' && session?.claims) {
      sessions.delete(sid);
      return res.writeHead(302, { location: oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: `${HERE}/` }).href }).end();
    }
    if (!session?.claims) return page(res, `<h1>Module app</h1><p><a id="sign-in" href="/login">Sign in with Nyckel</a></p>`);
    const c = session.claims;
    const rows = (await check(c)).map((r, i) => `<li data-module="${MODULES[i]}">${MODULES[i]}: <b class="reason">${esc(r.reason)}</b></li>`).join('');
    return page(res, `<h1>Hello ${esc(c.name)}</h1><p>Organisation: <b id="org">${esc(c.org_name)}</b> (${esc(c.user_type)})</p><p>Modules there: <b id="modules">${esc(c.modules.join(', '))}</b></p><h2>Check API now</h2><ul id="checks">${rows}</ul><p><a href="/">Check again</a> · <a href="/logout">Sign out</a></p>`);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`Error: ${err.message}`);
  }
}).listen(PORT, () => console.log(`Module app on ${HERE} (Nyckel at ${NYCKEL}, client ${clientId})`));
