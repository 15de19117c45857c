import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ROUTES, type Route } from '../../functions/api/routes.ts';
import { verifyDevToken } from './dev-tokens.ts';
import { lambdaContext } from './lambda-context.ts';
import { proxyEvent } from './proxy-event.ts';

/**
 * A local stand-in for API Gateway: it matches the same routes, checks channel keys and staff tokens
 * the way the gateway's API-key check and Cognito authorizer do, and calls the same handlers with
 * REST proxy events.
 */

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiServerOptions {
  port: number;
  /** x-api-key value → API key id, as API Gateway would resolve it. */
  channelKeys: Readonly<Record<string, string>>;
  /** Secret of the dev token issuer. */
  tokenSecret: string;
  /** Loads a handler module by name (imported after the environment is set). */
  loadHandler: (name: Route['handler']) => Promise<Handler>;
  /** Static files (the console under /console/): answers true when it served the request. */
  serveFiles?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Extra routes of the local runtime (the virtual clock), answered before the API's. */
  localRoutes?: (
    req: IncomingMessage,
    body: string,
  ) => Promise<{ status: number; body: unknown } | undefined>;
}

/** Requests larger than API Gateway's own limit are cut off before a handler sees them. */
const MAX_REQUEST_BYTES = 1024 * 1024;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  rule: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: `https://hotline.example/problems/${rule}`, title, status, detail, rule }));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new RangeError('request too large');
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
}

export function startApiServer(options: ApiServerOptions): Promise<Server> {
  const handlers = new Map<string, Promise<Handler>>();
  const handlerFor = (name: Route['handler']) => {
    const loaded = handlers.get(name) ?? options.loadHandler(name);
    handlers.set(name, loaded);
    return loaded;
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (options.serveFiles?.(req, res)) return;
      let body: string | null;
      try {
        body = await readBody(req);
      } catch {
        return problem(res, 413, 'Content Too Large', 'the request is too large', 'request.tooLarge');
      }
      const local = await options.localRoutes?.(req, body ?? '');
      if (local) {
        res.writeHead(local.status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(local.body));
      }
      const matches = COMPILED.map((c) => ({ c, m: c.pattern.exec(url.pathname) })).filter(({ m }) => m);
      const match = matches.find(({ c }) => c.route.method === req.method);
      if (!match?.m && matches.length > 0) {
        // The path exists but not with this method: 405 naming the methods it has (RFC 9110 §15.5.6).
        const allow = [...new Set(matches.map(({ c }) => c.route.method))].join(', ');
        return problem(
          res,
          405,
          'Method Not Allowed',
          `${req.method} is not allowed on ${url.pathname}; allowed: ${allow}`,
          'request.methodNotAllowed',
          { allow },
        );
      }
      if (!match?.m)
        return problem(res, 404, 'Not Found', `no route ${req.method} ${url.pathname}`, 'route.unknown');
      const { route, names } = match.c;
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );

      const identity: Record<string, string | null> = { sourceIp: req.socket.remoteAddress ?? '127.0.0.1' };
      let authorizer: Record<string, unknown> | null = null;
      if (route.auth === 'channelKey') {
        const keyId = options.channelKeys[headers['x-api-key'] ?? ''];
        if (!keyId)
          return problem(res, 401, 'Unauthorized', 'a valid x-api-key is required', 'auth.invalidApiKey');
        identity.apiKeyId = keyId;
      } else if (route.auth === 'staff') {
        const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
        const claims = token ? await verifyDevToken(token, options.tokenSecret) : undefined;
        if (!claims)
          return problem(res, 401, 'Unauthorized', 'a valid staff token is required', 'auth.required');
        authorizer = { claims };
      }

      const query = Object.fromEntries(url.searchParams);
      const event = proxyEvent({
        method: route.method,
        resource: route.path,
        path: url.pathname,
        headers,
        query,
        pathParameters: names.length
          ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match.m?.[i + 1] ?? '')]))
          : null,
        body,
        authorizer,
        sourceIp: identity.sourceIp ?? '127.0.0.1',
        apiKeyId: identity.apiKeyId ?? null,
      });

      const handler = await handlerFor(route.handler);
      const result = await handler(event, lambdaContext(route.handler));
      res.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>);
      res.end(result.body);
    } catch (error) {
      // A handler answers every error itself; reaching here is a bug in the local runtime.
      console.error('local API server error', error);
      if (!res.headersSent) problem(res, 500, 'Internal Server Error', 'local runtime error', 'server.error');
      else res.end();
    }
  });
  // Idle keep-alive connections stay open longer than clients keep them, so that a client never
  // sends a request on a connection the server is closing ("other side closed" under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((accept, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => accept(server));
  });
}
