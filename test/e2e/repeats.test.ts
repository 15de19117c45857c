import { describe, expect, it } from 'vitest';
import { call, complaint, phone, token, WEB_KEY } from './client.ts';

/**
 * AH:20(六) counted exactly under concurrency, over HTTP: intake decides on the reports counted
 * before it, and each registration is then counted once on the stream, in sequence
 * (functions/app/count-reports.ts), which opens the supervision a burst of reports missed at intake.
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

    // Assess: every report registered; once the stream has counted them, exactly 48 supervised as
    // repeats (AH:20(六) "3次以上"), each once
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const repeatsOpened = async () =>
      Promise.all(
        replies.map(async (r) => {
          const reply = await call('GET', `/v1/tickets/${r.body.id}/events?limit=100`, {
            token: token('dispatcher'),
          });
          const items = reply.body.items as { type: string; reason?: string }[];
          return items.filter((e) => e.type === 'SupervisionOpened' && e.reason === 'repeated').length;
        }),
      );
    const deadline = Date.now() + 20_000;
    let opened = await repeatsOpened();
    while (opened.filter(Boolean).length < 48 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      opened = await repeatsOpened();
    }
    expect(opened.filter((n) => n === 1)).toHaveLength(48);
    expect(opened.filter((n) => n === 0)).toHaveLength(2);
  });
});
