import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { call, complaint, register, token, WEB_KEY } from './client.ts';
import { PHONE_PATTERN } from './runtime.setup.ts';

const dispatcher = () => token('dispatcher');
const clerk = () => token('unitClerk@ss-urban');
const otherClerk = () => token('unitClerk@bh-urban');

/** The ticket's current version (its ETag). Registration may already have opened supervision. */
async function versionOf(id: string): Promise<number> {
  const reply = await call('GET', `/v1/tickets/${id}`, { token: dispatcher() });
  return Number(reply.headers.get('etag')?.replaceAll('"', ''));
}

/** Posts one command with the ticket's current version and expects it to succeed. */
async function command(id: string, action: string, who: string, version: number, body: object = {}) {
  const reply = await call('POST', `/v1/tickets/${id}/${action}`, { token: who, ifMatch: version, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return Number(reply.headers.get('etag')?.replaceAll('"', ''));
}

/** Every ticket waiting for dispatch, page by page. */
async function intakeQueue(): Promise<{ id: string; ticketNo: string }[]> {
  const entries: { id: string; ticketNo: string }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const reply = await call('GET', `/v1/queues/intake?limit=100${query}`, { token: dispatcher() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    entries.push(...(reply.body.items as typeof entries));
    cursor = reply.body.cursor as string | null;
  } while (cursor);
  return entries;
}

describe('A ticket over HTTP, end to end', () => {
  it('goes from intake through dispatch, handling, review and callback to evaluated', async () => {
    // Prepare: a matter no other test of the shared runtime reports, so that no concentration of
    // their tickets (5 or more on one matter, AH:20(六)) puts this one under supervision
    const created = await register({ category: 'food-safety', content: '超市出售过期食品' });
    expect(created).toMatchObject({ status: 'received', ticketNo: expect.stringMatching(/^\d{14}$/) });

    // Act
    let v = await versionOf(created.id);
    v = await command(created.id, 'dispatch', dispatcher(), v, { leadUnit: 'ss-urban', level: 'county' });
    v = await command(created.id, 'sign', clerk(), v);
    v = await command(created.id, 'recordContact', clerk(), v, { method: 'phone' });
    v = await command(created.id, 'informRequester', clerk(), v, { summary: '已清理占道摊点' });
    v = await command(created.id, 'reply', clerk(), v, { summary: '已清理占道摊点' });
    v = await command(created.id, 'review', dispatcher(), v, { approve: true, note: '答复完整' });
    v = await command(created.id, 'recordCallback', token('callbackAgent'), v, {
      outcome: 'answered',
      satisfied: true,
    });

    // Assess
    const ticket = await call('GET', `/v1/tickets/${created.id}`, { token: dispatcher() });
    expect(ticket.status).toBe(200);
    expect(ticket.headers.get('etag')).toBe(`"${v}"`);
    expect(ticket.body).toMatchObject({
      ticket: { status: 'evaluated', callback: { satisfaction: 'satisfied' } },
    });
    const history = await call('GET', `/v1/tickets/${created.id}/events?limit=100`, { token: dispatcher() });
    expect((history.body.items as { type: string }[]).map((e) => e.type)).toEqual([
      'TicketRegistered',
      'TicketDispatched',
      'TicketSigned',
      'RequesterContacted',
      'RequesterInformed',
      'UnitReplied',
      'ReplyApproved',
      'CallbackAttempted',
      'SatisfactionRecorded',
    ]);
    const progress = await call('GET', `/v1/progress/${created.ticketNo}?code=${created.queryCode}`);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ status: 'evaluated' });
    expect(JSON.stringify(progress.body)).not.toContain('王五');
  });

  it('makes exactly one ticket from 20 concurrent POSTs with one Idempotency-Key', async () => {
    // Prepare: ticket numbers are a daily sequence, so the intake queue between the two numbers around
    // the burst holds what it made (the replays took numbers they left unused)
    const before = await register();
    const body = complaint();

    // Act
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', '/v1/tickets', { key: WEB_KEY, body, idempotencyKey: `e2e-${before.ticketNo}` }),
      ),
    );
    const after = await register();

    // Assess
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const made = (await intakeQueue()).filter(
      (e) => e.ticketNo > before.ticketNo && e.ticketNo < after.ticketNo,
    );
    expect(made.map((e) => e.id)).toEqual([replies[0]?.body.id]);
  });

  it('refuses to reuse an Idempotency-Key for a different request', async () => {
    const key = `e2e-reuse-${Date.now()}`;
    expect(
      (await call('POST', '/v1/tickets', { key: WEB_KEY, body: complaint(), idempotencyKey: key })).status,
    ).toBe(201);
    const reused = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: complaint(),
      idempotencyKey: key,
    });
    expect(reused).toMatchObject({ status: 409, body: { rule: 'idempotency.keyReused' } });
  });

  it('lets exactly one of 20 concurrent commands on one version win; the rest get 409', async () => {
    const { id } = await register();
    const version = await versionOf(id);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', `/v1/tickets/${id}/dispatch`, {
          token: dispatcher(),
          ifMatch: version,
          body: { leadUnit: 'ss-urban', level: 'county' },
        }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it("keeps a unit out of another unit's ticket: the same 404 on GET and POST, nothing telling it exists", async () => {
    const { id } = await register();
    const v = await command(id, 'dispatch', dispatcher(), await versionOf(id), {
      leadUnit: 'ss-urban',
      level: 'county',
    });
    expect((await call('GET', `/v1/tickets/${id}`, { token: otherClerk() })).status).toBe(404);
    expect((await call('GET', `/v1/tickets/${id}/events`, { token: otherClerk() })).status).toBe(404);
    const act = await call('POST', `/v1/tickets/${id}/sign`, { token: otherClerk(), ifMatch: v, body: {} });
    expect(act).toMatchObject({
      status: 404,
      body: { rule: 'resource.notFound', detail: `no ticket ${id}` },
    });
    const inbox = await call('GET', '/v1/tickets?unit=ss-urban', { token: otherClerk() });
    expect(inbox.status).toBe(403);
  });

  it('hides a confidential requester from the unit and masks it for a supervisor', async () => {
    const { id } = await register({ requester: { name: '赵六', phone: '13912345678', confidential: true } });
    await command(id, 'dispatch', dispatcher(), await versionOf(id), {
      leadUnit: 'ss-urban',
      level: 'county',
    });
    const unitView = await call('GET', `/v1/tickets/${id}`, { token: clerk() });
    expect(unitView.body).toMatchObject({ personalData: 'hidden' });
    expect(JSON.stringify(unitView.body)).not.toMatch(/赵六|13912345678/);
    const supervisorView = await call('GET', `/v1/tickets/${id}`, { token: token('supervisor') });
    expect(supervisorView.body).toMatchObject({
      personalData: 'masked',
      ticket: { requester: { phone: '139****5678' } },
    });
  });
});

describe('Bad requests get a clear problem, never a 5xx', () => {
  it('400 names each failing field', async () => {
    const reply = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: { type: 'complaint', content: '', requester: { phone: 'abc' } },
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    const fields = (reply.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['category', 'content', 'requester.phone']));
  });

  it('400 for a body that is not JSON, 415 for another media type, 413 for a body too large', async () => {
    expect((await call('POST', '/v1/tickets', { key: WEB_KEY, raw: '{"type":' })).status).toBe(400);
    expect(
      (await call('POST', '/v1/tickets', { key: WEB_KEY, raw: 'x=1', contentType: 'text/plain' })).status,
    ).toBe(415);
    const huge = complaint({ content: 'x'.repeat(70_000) });
    expect((await call('POST', '/v1/tickets', { key: WEB_KEY, body: huge })).status).toBe(413);
  });

  it('401 without a staff token or with a wrong channel key, 428 without If-Match', async () => {
    const { id } = await register();
    expect((await call('GET', `/v1/tickets/${id}`)).status).toBe(401);
    expect((await call('POST', '/v1/tickets', { key: 'not-a-key', body: complaint() })).status).toBe(401);
    const noVersion = await call('POST', `/v1/tickets/${id}/dispatch`, {
      token: dispatcher(),
      body: { leadUnit: 'ss-urban', level: 'county' },
    });
    expect(noVersion).toMatchObject({ status: 428, body: { rule: 'version.required' } });
  });

  it('409 names the rule a command breaks, and a stale If-Match', async () => {
    const { id } = await register();
    const version = await versionOf(id);
    const stale = await call('POST', `/v1/tickets/${id}/verify`, {
      token: dispatcher(),
      ifMatch: version + 5,
      body: {},
    });
    expect(stale).toMatchObject({ status: 409, body: { rule: 'version.conflict' } });
    const early = await call('POST', `/v1/tickets/${id}/review`, {
      token: dispatcher(),
      ifMatch: version,
      body: { approve: true, note: 'x' },
    });
    expect(early).toMatchObject({ status: 409, body: { rule: 'review.wrongStatus' } });
  });

  it('a wrong query code is not found, guessing is slowed with Retry-After, and the right code still answers', async () => {
    const { ticketNo, queryCode } = await register();
    const guesses = [];
    for (let i = 0; i < 11; i++)
      guesses.push((await call('GET', `/v1/progress/${ticketNo}?code=WRONG${i}`)).status);
    expect(guesses.slice(0, 10)).toEqual(Array(10).fill(404));
    const slowed = await call('GET', `/v1/progress/${ticketNo}?code=WRONG11`);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('GET', `/v1/progress/${ticketNo}?code=${queryCode}`)).status).toBe(200);
  });

  it('the OpenAPI document describes every command', async () => {
    const reply = await call('GET', '/openapi.json');
    expect(reply.body.openapi).toBe('3.1.0');
    expect(Object.keys(reply.body.paths as object)).toEqual(
      expect.arrayContaining(['/v1/tickets', '/v1/tickets/{id}/dispatch', '/v1/tickets/{id}/recordCallback']),
    );
  });
});

describe('Logs', () => {
  it('hold no requester phone number (checked again over the whole run at teardown)', () => {
    const log = readFileSync(inject('runtimeLog'), 'utf8').split('Ctrl-C stops everything.')[1] ?? '';
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toMatch(PHONE_PATTERN);
  });
});
