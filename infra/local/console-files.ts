import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { StaffClaims } from '../../functions/http/identity.ts';

/** The console's build (`npm run console:build`, run before `npm start` and by the browser tests). */
export const CONSOLE_DIST = join(import.meta.dirname, '../../console/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Where the console runs (`config.json`): locally with the role picker; a test may serve another. */
export interface ServedConsole {
  dist?: string;
  config?: object;
  /** Origins the page may call besides its own (the identity provider a signing-in console uses). */
  connectTo?: string;
}

/**
 * Serves the console's files under /console/ (what CloudFront serves from its bucket in AWS), with
 * the same security headers as the CloudFront response policy. Answers false for any other path.
 */
export function serveConsole(
  req: IncomingMessage,
  res: ServerResponse,
  { dist = CONSOLE_DIST, config = { mode: 'local' }, connectTo = '' }: ServedConsole = {},
): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/console') {
    res.writeHead(301, { location: '/console/' });
    res.end();
    return true;
  }
  if (!path.startsWith('/console/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  if (path === '/console/config.json') {
    // In AWS the deployment writes its own config.json beside the build (infra/cdk/console-hosting.ts).
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(config));
    return true;
  }
  const relative = normalize(decodeURIComponent(path.slice('/console/'.length)) || 'index.html');
  const file = join(dist, relative);
  const found = !relative.startsWith('..') && existsSync(file) && statSync(file).isFile();
  if (!found) {
    const built = existsSync(join(dist, 'index.html'));
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(built ? 'not found' : 'the console is not built: npm run console:build');
    return true;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${connectTo}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  });
  res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  return true;
}

/**
 * `GET /_local/console`: the local role picker's identities — each demo staff member's dev token (an
 * agent registers by it, at POST /v1/desk/tickets). Only the local runtime has this route.
 */
export function consoleIdentities(tokens: readonly { claims: StaffClaims; token: string }[]) {
  return async (req: IncomingMessage) => {
    if (req.url !== '/_local/console' || req.method !== 'GET') return undefined;
    const staff = tokens.map(({ claims, token }) => ({
      label: claims.sub,
      role: claims['custom:role'],
      unitId: claims['custom:unitId'],
      token,
    }));
    return { status: 200, body: { staff } };
  };
}
