import { describe, expect, it } from 'vitest';
import { call, complaint, phone, token, WEB_KEY } from './client.ts';

/**
 * AH:20(六) counted at intake, over HTTP, under concurrency: reports that arrive at the same moment
 * are counted as if they had come one after another (each report's tally answers how many came
 * before it), so that none misses the supervision the sequential count gives it.
 */
describe('AH:20(六) repeats counted exactly under concurrency', () => {
  it('50 concurrent reports from one phone on one matter: the 3rd and every later one is supervised as repeated', async () => {
    // Prepare: one requester, one matter (category and region), 50 requests at once
    const requester = { name: '赵六', phone: phone() };
    const body = complaint({ category: 'noise', regionId: 'shushan', requester });

    // Act
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => call('POST', '/v1/tickets', { key: WEB_KEY, body })),
    );

    // Assess: every report registered; exactly 48 supervised as repeats (AH:20(六) "3次以上")
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const tickets = await Promise.all(
      replies.map(async (r) => {
        const reply = await call('GET', `/v1/tickets/${r.body.id}`, { token: token('dispatcher') });
        return reply.body.ticket as { supervision: { open: string[] } };
      }),
    );
    const repeated = tickets.filter((t) => t.supervision.open.includes('repeated'));
    expect(repeated).toHaveLength(48);
    const history = await Promise.all(
      replies.map(async (r) => {
        const reply = await call('GET', `/v1/tickets/${r.body.id}/events?limit=100`, {
          token: token('dispatcher'),
        });
        const items = reply.body.items as { type: string; reason?: string; note?: string }[];
        return items.find((e) => e.type === 'SupervisionOpened' && e.reason === 'repeated')?.note ?? '';
      }),
    );
    // Each repeat names its own place in the sequence: 3, 4, …, 50 times, each once.
    const times = history.filter(Boolean).map((note) => Number(/(\d+) times/.exec(note)?.[1]));
    expect(times.sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 3));
  });
});
