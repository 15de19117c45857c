import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveConsole } from '../../infra/local/console-files.ts';

/**
 * A stand-in for the province's OpenID Connect provider, enough for the console's sign-in: discovery,
 * an authorization endpoint that signs the configured person in at once and sends the browser back
 * with a code, and a token endpoint that checks the code, client, return address and PKCE verifier
 * (S256) before answering the ID token it was given. It records every refusal in `refusals`.
 */
export interface FakeIdentityProvider {
  issuer: string;
  clientId: string;
  refusals: string[];
  /** Codes traded for a token. */
  exchanged: number;
  close(): Promise<void>;
}

const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...cors, ...headers });
  res.end(JSON.stringify(body));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startFakeIdentityProvider(idToken: string): Promise<FakeIdentityProvider> {
  const clientId = 'hotline-staff-desk';
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const provider: FakeIdentityProvider = {
    issuer: '',
    clientId,
    refusals: [],
    exchanged: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const refuse = (res: ServerResponse, why: string) => {
    provider.refusals.push(why);
    send(res, 400, { error: 'invalid_grant', error_description: why });
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    if (req.method === 'OPTIONS') return send(res, 204, {});
    if (url.pathname === '/.well-known/openid-configuration')
      return send(res, 200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
      });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256')
        return refuse(res, 'authorize: wrong client or challenge method');
      const code = randomBytes(16).toString('hex');
      const redirectUri = q.get('redirect_uri') ?? '';
      codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri });
      const back = new URL(redirectUri);
      back.search = new URLSearchParams({ code, state: q.get('state') ?? '' }).toString();
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = await formOf(req);
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!issued) return refuse(res, 'token: unknown or used code');
      if (form.get('client_id') !== clientId) return refuse(res, 'token: wrong client');
      if (form.get('redirect_uri') !== issued.redirectUri) return refuse(res, 'token: wrong redirect_uri');
      const verified = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (verified !== issued.challenge) return refuse(res, 'token: PKCE verifier does not match');
      provider.exchanged += 1;
      return send(res, 200, { id_token: idToken, token_type: 'Bearer', expires_in: 3600 });
    }
    send(res, 404, { error: 'not_found' });
  });
  provider.issuer = await listen(server);
  return provider;
}

/**
 * The console as CloudFront serves it in a deployment: its files with the deployment's config.json
 * (sign-in with `provider`), and the API under the same origin at /v1/ (here, the local runtime's).
 */
export async function startSignInConsole(
  apiUrl: string,
  provider: FakeIdentityProvider,
): Promise<{ url: string; close(): Promise<void> }> {
  const config = {
    mode: 'aws',
    signIn: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      scope: 'openid profile',
      roleClaim: 'custom:role',
      unitClaim: 'custom:unitId',
    },
  };
  const server = createServer(async (req, res) => {
    if (serveConsole(req, res, { config, connectTo: provider.issuer })) return;
    if (!req.url?.startsWith('/v1/')) {
      res.writeHead(404);
      return res.end();
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => k !== 'host' && typeof v === 'string'),
    ) as Record<string, string>;
    const answer = await fetch(`${apiUrl}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body ? { body } : {}),
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  const url = await listen(server);
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
