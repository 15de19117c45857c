import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signDevToken } from '../local/dev-tokens.ts';
import { optionalString, type ParsedCommand } from './args.ts';
import { type CommandContext, UsageError } from './io.ts';

/** The project root, where `npm start` keeps its data folder (`.data` unless HOTLINE_DATA_DIR says). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The hotline API a `kb` command talks to, and the staff token it sends. */
export interface KbTarget {
  url: string;
  token: string;
}

/**
 * `--url` (default `$HOTLINE_API_URL`, else the local runtime on `$PORT` or 3000) and `--token`
 * (default `$HOTLINE_TOKEN`). Without a token, a local runtime's own admin token is signed with the
 * secret `npm start` keeps in its data folder, so that the local runtime needs no flag at all; a
 * deployment needs a staff token of the centre (a Cognito ID token).
 */
export async function kbTarget(values: ParsedCommand['values'], ctx: CommandContext): Promise<KbTarget> {
  const url = (
    optionalString(values, 'url') ??
    ctx.env.HOTLINE_API_URL ??
    `http://127.0.0.1:${ctx.env.PORT ?? 3000}`
  ).replace(/\/+$/, '');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(
      `--url must be the API's base URL, such as http://127.0.0.1:3000, not ${JSON.stringify(url)}`,
    );
  }
  const token = optionalString(values, 'token') ?? ctx.env.HOTLINE_TOKEN;
  if (token) return { url, token };
  if (!LOOPBACK.has(new URL(url).hostname)) {
    throw new UsageError(
      `--token: ${url} is a deployment; pass a staff token of the centre (or set HOTLINE_TOKEN)`,
    );
  }
  const dataDir = ctx.env.HOTLINE_DATA_DIR ? ctx.path(ctx.env.HOTLINE_DATA_DIR) : join(ROOT, '.data');
  const secrets = join(dataDir, 'local-secrets.json');
  if (!existsSync(secrets)) {
    throw new UsageError(
      `--token: no local runtime data in ${dataDir}; start it with npm start, or pass --token`,
    );
  }
  const { tokenSecret } = JSON.parse(readFileSync(secrets, 'utf8')) as { tokenSecret: string };
  return {
    url,
    token: await signDevToken({ sub: 'hotline-cli', 'custom:role': 'admin' }, tokenSecret, 3_600),
  };
}

export interface KbReply {
  status: number;
  body: Record<string, unknown>;
}

export async function kbRequest(
  target: KbTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<KbReply> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new UsageError(`--url: no hotline API answers at ${target.url} (start it with npm start)`);
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}

/** The API's problem, on one line: `409 knowledge.reviewByPast: …`. */
export function problemLine(reply: KbReply): string {
  const { rule, detail } = reply.body as { rule?: string; detail?: string };
  return `${reply.status}${rule ? ` ${rule}` : ''}: ${detail ?? 'the API refused the request'}`;
}
