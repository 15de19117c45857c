import type { IncomingMessage } from 'node:http';
import { clock } from '../../functions/adapters/clock.ts';
import { toShanghaiIso } from '../../functions/domain/calendar/index.ts';
import type { StreamRelay } from './stream-relay.ts';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `4h`, `3d` or a sum such as `1d12h` → milliseconds; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)([mhd])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNIT_MS[unit as string] ?? 0), 0);
}

/**
 * `/_local/clock`: the local runtime's virtual clock. GET shows it; POST `{"advance":"4h"}` or
 * `{"to":"<instant>"}` moves it forward so a demonstration can show deadlines pass. Only the local
 * runtime has these routes.
 */
export async function localClockRoutes(req: IncomingMessage, body: string) {
  if (!req.url?.startsWith('/_local/clock')) return undefined;
  const show = () => ({ now: toShanghaiIso(clock.now()), offsetMs: clock.offsetMs() });
  if (req.method === 'GET') return { status: 200, body: show() };
  if (req.method !== 'POST') return { status: 405, body: { detail: 'GET or POST' } };
  let request: { advance?: unknown; to?: unknown };
  try {
    request = JSON.parse(body || '{}');
  } catch {
    return {
      status: 400,
      body: { detail: 'send JSON such as {"advance":"4h"} or {"to":"2026-12-25T10:00:00+08:00"}' },
    };
  }
  let ms: number | undefined;
  if (request.to !== undefined) {
    const to =
      typeof request.to === 'string' && /(Z|[+-]\d\d:\d\d)$/.test(request.to)
        ? Date.parse(request.to)
        : Number.NaN;
    if (Number.isNaN(to)) {
      return {
        status: 400,
        body: { field: 'to', detail: 'an instant with its offset, e.g. 2026-12-25T10:00:00+08:00' },
      };
    }
    ms = to - clock.now().getTime();
    if (ms < 0) return { status: 409, body: { field: 'to', detail: 'the clock only moves forward' } };
  } else {
    ms = typeof request.advance === 'string' ? parseDuration(request.advance) : undefined;
    if (ms === undefined)
      return { status: 400, body: { field: 'advance', detail: 'a duration such as 90m, 4h, 3d or 1d12h' } };
  }
  clock.advance(ms);
  return { status: 200, body: show() };
}

/**
 * `GET /_local/stream`: answers once the stream relay has passed on everything written before the
 * request (and the bus delivered it), e.g. the count of a registration and the supervision it
 * opened, which in AWS follow within seconds. For demonstrations and tests that act on a ticket at
 * once. Only the local runtime has it.
 */
export async function localStreamRoute(req: IncomingMessage, relay: Pick<StreamRelay, 'caughtUp'>) {
  if (!req.url?.startsWith('/_local/stream')) return undefined;
  if (req.method !== 'GET') return { status: 405, body: { detail: 'GET' } };
  await relay.caughtUp();
  return { status: 200, body: { caughtUp: true } };
}
