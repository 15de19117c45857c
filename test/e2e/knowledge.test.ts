import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, complaint, token, WEB_KEY } from './client.ts';

/**
 * A knowledge-base entry's whole life over HTTP (AH:29-31): drafted by its unit, checked and
 * published by the centre, cited by an agent, corrected, gone stale past its review-by date on the
 * virtual clock, reviewed and retired; and the public self-service that never shows an internal
 * entry or a draft. It moves the run's virtual clock two days forward.
 */

const demoEntriesOf = (unitId: string) =>
  (
    JSON.parse(readFileSync(new URL('../../infra/local/demo-knowledge.json', import.meta.url), 'utf8')) as {
      unitId: string;
    }[]
  ).filter((e) => e.unitId === unitId).length;

const as = token;
const get = (path: string, who?: string) => call('GET', path, who ? { token: as(who) } : {});
/** The virtual clock's day (Asia/Shanghai), shifted by `days`. */
let today = '';
const dayAfter = (days: number) =>
  new Date(Date.parse(`${today}T12:00:00+08:00`) + days * 86_400_000).toISOString().slice(0, 10);
const etag = (reply: { headers: Headers }) => Number(reply.headers.get('etag')?.replaceAll('"', ''));

/**
 * A command on an entry at its current revision; expects `status`. The review timer (every few
 * seconds locally) may write the entry between the read and the command: as any client does on
 * `version.conflict`, read it again and retry.
 */
async function entryCommand(id: string, action: string, who: string, body: object = {}, status = 200) {
  for (let attempt = 1; ; attempt++) {
    const current = await get(`/v1/knowledge/${id}`, who);
    const reply = await call('POST', `/v1/knowledge/${id}/${action}`, {
      token: as(who),
      ifMatch: etag(current),
      body,
    });
    if (reply.status === 409 && reply.body.rule === 'version.conflict' && attempt < 3) continue;
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    return reply;
  }
}

const publicHits = async (q: string) =>
  (
    (await get(`/v1/public/knowledge/search?q=${encodeURIComponent(q)}&region=shushan`)).body.hits as {
      id: string;
    }[]
  ).map((h) => h.id);
const staffHits = async (q: string) =>
  (await get(`/v1/knowledge/search?q=${encodeURIComponent(q)}&region=shushan`, 'agent')).body.hits as {
    id: string;
    version: number;
  }[];

function content(overrides: Record<string, unknown> = {}) {
  return {
    title: '蜀山区共享充电宝押金退还',
    questions: ['共享充电宝押金怎么退', '充电宝押金不退找谁'],
    answer: '共享充电宝押金由运营企业在用户申请后7个工作日内原路退还，逾期未退的可向蜀山区市场监管部门投诉。',
    basis: [{ title: '《中华人民共和国消费者权益保护法》' }],
    category: 'consumer',
    regionId: 'shushan',
    public: true,
    reviewBy: dayAfter(1),
    ...overrides,
  };
}

async function draft(body: object, who = 'unitClerk@ss-urban') {
  const reply = await call('POST', '/v1/knowledge', { token: as(who), body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.id as string;
}

async function publish(id: string) {
  await entryCommand(id, 'submit', 'unitClerk@ss-urban');
  await entryCommand(id, 'check', 'dispatcher', { outcome: 'approved' });
  await entryCommand(id, 'publish', 'supervisor');
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The search index follows a publish or a retirement through the bus (the index builder), a moment
 * later: wait on the agents' search (the public one counts each request against its rate limit).
 */
const indexed = (q: string, id: string, present = true) =>
  until(
    `${id} ${present ? 'in' : 'out of'} the index`,
    () => staffHits(q),
    (hits) => hits.some((h) => h.id === id) === present,
  );

describe('A knowledge-base entry over HTTP, end to end (AH:29-31)', () => {
  beforeAll(async () => {
    const clock = await call('GET', '/_local/clock');
    today = new Date(Date.parse(clock.body.now as string) + 8 * 3_600_000).toISOString().slice(0, 10);
  });

  it('the demo knowledge base is loaded and answers a question phrased another way', async () => {
    const reply = await get(
      `/v1/knowledge/search?q=${encodeURIComponent('租房子能不能把公积金取出来')}&region=baohe`,
      'agent',
    );
    const hits = reply.body.hits as { id: string }[];
    expect(hits.length).toBeGreaterThan(0);
    const top = await get(`/v1/public/knowledge/${hits[0]?.id}`);
    expect(top.body.title).toBe('住房公积金提取');
  });

  it('draft → checked → published → cited → corrected → stale → reviewed → retired', async () => {
    // Prepare: a draft is seen by nobody's search
    const id = await draft({ content: content() });
    expect(await publicHits('充电宝押金')).not.toContain(id);
    expect((await staffHits('充电宝押金')).map((h) => h.id)).not.toContain(id);
    expect((await get(`/v1/public/knowledge/${id}`)).status).toBe(404);

    // the centre checks, not its author's unit; a version is published only once checked
    await entryCommand(id, 'publish', 'supervisor', {}, 409);
    await entryCommand(id, 'submit', 'unitClerk@ss-urban');
    const refused = await entryCommand(id, 'check', 'unitClerk@ss-urban', { outcome: 'approved' }, 403);
    expect(refused.body.rule).toBe('knowledge.centreOnly');
    await entryCommand(id, 'check', 'dispatcher', { outcome: 'approved', note: '口径与政策一致' });
    const published = await entryCommand(id, 'publish', 'supervisor');
    expect(published.body).toMatchObject({ status: 'published', published: 1 });
    await indexed('充电宝押金怎么退', id);
    expect(await publicHits('充电宝押金怎么退')).toContain(id);

    // an agent answers on the spot from it in one call: the entry and its version are on the ticket
    const ticket = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: complaint({ type: 'consultation', content: '共享充电宝押金一直不退' }),
    });
    const ticketId = ticket.body.id as string;
    const read = await call('GET', `/v1/tickets/${ticketId}`, {
      token: as('agent'),
    });
    const answered = await call('POST', `/v1/tickets/${ticketId}/answerOnSpot`, {
      token: as('agent'),
      ifMatch: etag(read),
      body: { method: 'knowledgeBase', citations: [{ entryId: id }] },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({
      ticket: {
        status: 'completed',
        answer: { text: content().answer, citations: [{ entryId: id, version: 1, title: content().title }] },
      },
    });
    expect((await get(`/v1/knowledge/${id}`, 'supervisor')).body.usage).toBe(1);

    // a citizen reports it wrong (查漏纠错): a task for the unit with a deadline
    const report = await call('POST', `/v1/public/knowledge/${id}/corrections`, {
      body: { text: '退还时限已改为3个工作日' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(202);
    const correctionId = report.body.correctionId as string;
    expect(Date.parse(report.body.dueAt as string)).toBeGreaterThan(
      Date.parse(`${dayAfter(5)}T00:00:00+08:00`),
    );
    const early = await entryCommand(
      id,
      'answerCorrection',
      'unitClerk@ss-urban',
      { correctionId, outcome: 'fixed', note: '已改' },
      409,
    );
    expect(early.body.rule).toBe('knowledge.correctionNotFixed');
    await entryCommand(id, 'revise', 'unitClerk@ss-urban', {
      content: content({
        answer: '共享充电宝押金由运营企业在用户申请后3个工作日内原路退还，逾期未退的可投诉。',
      }),
    });
    await publish(id);
    const fixed = await entryCommand(id, 'answerCorrection', 'unitClerk@ss-urban', {
      correctionId,
      outcome: 'fixed',
      note: '已按新规定更新时限',
    });
    expect(fixed.body).toMatchObject({ published: 2, corrections: [{ state: 'fixed', fixedInVersion: 2 }] });
    expect(fixed.body.versions).toMatchObject([
      { version: 1, state: 'superseded' },
      { version: 2, state: 'published' },
    ]);

    // its review-by date is tomorrow: the review timer has reminded the unit, on its list
    await until(
      'the unit to be reminded of the review',
      async () => (await get('/v1/knowledge?status=published', 'unitClerk@ss-urban')).body,
      (list) =>
        (list.items as { id: string; reviewReminded: boolean }[]).some(
          (e) => e.id === id && e.reviewReminded,
        ),
    );

    // past its review-by date the timer flags it stale, on its unit's list
    const clock = await call('POST', '/_local/clock', { body: { advance: '2d' } });
    expect(clock.status).toBe(200);
    await until(
      'the entry to go stale',
      async () => (await get(`/v1/knowledge/${id}`, 'unitClerk@ss-urban')).body,
      (entry) => entry.status === 'stale',
    );
    const staleList = await get('/v1/knowledge?status=stale', 'unitClerk@ss-urban');
    expect((staleList.body.items as { id: string }[]).map((e) => e.id)).toContain(id);

    // the unit reviews it: published again, with the next review-by date
    const reviewed = await entryCommand(id, 'review', 'unitClerk@ss-urban', { reviewBy: dayAfter(365) });
    expect(reviewed.body).toMatchObject({ status: 'published', stale: false });

    // retired: out of every search, its history kept, no longer citable
    await entryCommand(id, 'retire', 'supervisor', { reason: '政策已废止' });
    await indexed('充电宝押金怎么退', id, false);
    expect(await publicHits('充电宝押金怎么退')).not.toContain(id);
    expect((await staffHits('充电宝押金怎么退')).map((h) => h.id)).not.toContain(id);
    const retired = await get(`/v1/knowledge/${id}`, 'supervisor');
    expect(retired.body).toMatchObject({ status: 'retired', retired: true });
    expect(retired.body.versions).toHaveLength(2);
    const history = await get(`/v1/knowledge/${id}/events`, 'supervisor');
    expect((history.body.items as { type: string }[]).map((e) => e.type)).toContain('EntryRetired');

    // Assess: the unit's upkeep counts for the assessment, over the month or two the test spans
    const months = [...new Set([today.slice(0, 7), dayAfter(2).slice(0, 7)])];
    const counts: Record<string, number> = {};
    for (const month of months) {
      const upkeep = await get(`/v1/knowledge/upkeep?month=${month}`, 'unitClerk@ss-urban');
      for (const [k, n] of Object.entries(upkeep.body.counts as Record<string, number>)) {
        counts[k] = (counts[k] ?? 0) + n;
      }
    }
    // the demo knowledge base's entries of the unit were added when the runtime started
    expect(counts).toMatchObject({
      added: demoEntriesOf('ss-urban') + 1,
      updated: 1,
      correctionsReported: 1,
      correctionsAnswered: 1,
      stale: 1,
      reviewedLate: 1,
      retired: 1,
    });
    // …and the same counts are the unit's knowledge indicators in the live scores (AH:26)
    const indicators: Record<string, number> = {};
    for (const month of months) {
      const scores = await get(`/v1/assessment/scores?month=${month}`, 'supervisor');
      expect(scores.status).toBe(200);
      type Row = { unit: string; counts: Record<string, number> };
      const rows: Row[] = [
        ...(scores.body.groups as { units: Row[] }[]).flatMap((g) => g.units),
        ...(scores.body.ungrouped as Row[]),
      ];
      const row = rows.find((u) => u.unit === 'ss-urban');
      for (const [k, n] of Object.entries(row?.counts ?? {})) {
        if (k.startsWith('knowledge')) indicators[k] = (indicators[k] ?? 0) + n;
      }
    }
    expect(indicators).toEqual(
      Object.fromEntries(
        Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => [`knowledge${k.charAt(0).toUpperCase()}${k.slice(1)}`, n]),
      ),
    );
  });

  it('the public never sees an internal entry or a draft; citing either is refused with the rule', async () => {
    // Prepare
    const internal = await draft({
      content: content({ title: '蜀山区内部口径：充电宝投诉分办', public: false, reviewBy: dayAfter(365) }),
    });
    await publish(internal);
    await indexed('充电宝', internal);
    const drafted = await draft({
      content: content({ title: '蜀山区充电宝押金草稿', reviewBy: dayAfter(365) }),
    });

    // Act
    const pub = await publicHits('充电宝');
    const staff = (await staffHits('充电宝')).map((h) => h.id);

    // Assess
    expect(pub).not.toContain(internal);
    expect(pub).not.toContain(drafted);
    expect(staff).toContain(internal);
    expect(staff).not.toContain(drafted);
    expect((await get(`/v1/public/knowledge/${internal}`)).status).toBe(404);
    const ticket = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: complaint({ type: 'consultation' }),
    });
    const read = await call('GET', `/v1/tickets/${ticket.body.id}`, {
      token: as('agent'),
    });
    const refused = await call('POST', `/v1/tickets/${ticket.body.id}/answerOnSpot`, {
      token: as('agent'),
      ifMatch: etag(read),
      body: { method: 'knowledgeBase', citations: [{ entryId: drafted }] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'answerOnSpot.citationNotPublished', basis: 'AH:30' });
  });
});
