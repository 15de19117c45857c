import { expect } from 'vitest';
import { call, complaint, WEB_KEY } from './client.ts';

/**
 * Staff driving tickets over HTTP against a local runtime: commands with If-Match, the virtual clock
 * moved through `POST /_local/clock`, and waits that poll the history for the events expected.
 */
export function staffApi(baseUrl: string, tokens: Record<string, string>) {
  const who = (role: string) => tokens[role] ?? '';
  const events = async (id: string) => {
    const reply = await call('GET', `/v1/tickets/${id}/events?limit=100`, {
      token: who('dispatcher'),
      baseUrl,
    });
    return reply.body.items as { type: string; [key: string]: unknown }[];
  };
  return {
    who,
    events,
    async register(overrides: Record<string, unknown> = {}) {
      const reply = await call('POST', '/v1/tickets', { key: WEB_KEY, body: complaint(overrides), baseUrl });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.id as string;
    },
    async version(id: string) {
      const reply = await call('GET', `/v1/tickets/${id}`, { token: who('dispatcher'), baseUrl });
      return Number(reply.headers.get('etag')?.replaceAll('"', ''));
    },
    async ticket(id: string) {
      return (await call('GET', `/v1/tickets/${id}`, { token: who('dispatcher'), baseUrl })).body
        .ticket as Record<string, unknown>;
    },
    /**
     * A command on the ticket's current version. A timer firing between the read and the write moves
     * the version on; like any client, it then reads the ticket again and retries (a few times).
     */
    async command(id: string, action: string, role: string, body: object = {}) {
      for (let attempt = 1; ; attempt++) {
        const reply = await call('POST', `/v1/tickets/${id}/${action}`, {
          token: who(role),
          ifMatch: await this.version(id),
          body,
          baseUrl,
        });
        if (reply.body.rule === 'version.conflict' && attempt < 5) continue;
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        return reply;
      }
    },
    async clockTo(to: string) {
      const reply = await call('POST', '/_local/clock', { body: { to }, baseUrl });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    },
    /** Waits until the history holds `count` events of `type`, matching `where` if given (20 s at most). */
    async waitFor(
      id: string,
      type: string,
      count = 1,
      where: (e: { type: string; [key: string]: unknown }) => boolean = () => true,
    ) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = (await events(id)).filter((e) => e.type === type && where(e));
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(`no ${count}× ${type} on ${id}: ${(await events(id)).map((e) => e.type)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
