import { describe, expect, it } from 'vitest';
import { call, register, token } from './client.ts';

const inQueue = async (path: string, who: string) => {
  const reply = await call('GET', path, { token: who });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return (reply.body.items as { id: string; [key: string]: unknown }[]).map((i) => i.id);
};

/** Posts one command on the ticket's current version and expects it to succeed. */
async function command(id: string, action: string, who: string, body: object = {}) {
  const current = await call('GET', `/v1/tickets/${id}`, { token: token('dispatcher') });
  const reply = await call('POST', `/v1/tickets/${id}/${action}`, {
    token: who,
    ifMatch: Number(current.headers.get('etag')?.replaceAll('"', '')),
    body,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

describe('The work queues over HTTP', () => {
  it('follows a ticket from the intake queue to the inboxes of its lead and co-unit, by role', async () => {
    // Prepare
    const { id } = await register();
    const dispatcher = token('dispatcher');
    const intake = await inQueue('/v1/queues/intake?limit=100', dispatcher);
    // Act
    await command(id, 'dispatch', dispatcher, {
      leadUnit: 'ss-urban',
      coUnits: ['bh-urban'],
      level: 'county',
    });
    // Assess
    expect(intake).toContain(id);
    expect(await inQueue('/v1/queues/intake?limit=100', dispatcher)).not.toContain(id);
    expect(await inQueue('/v1/queues/inbox?limit=100', token('unitClerk@ss-urban'))).toContain(id);
    expect(await inQueue('/v1/queues/inbox?limit=100', token('unitClerk@bh-urban'))).toContain(id);
    expect(await inQueue('/v1/queues/inbox?unit=ss-urban&limit=100', token('supervisor'))).toContain(id);
  });

  it('refuses a queue to a role it is not for, and an inbox to another unit', async () => {
    const agentOnOverdue = await call('GET', '/v1/queues/overdue', { token: token('agent') });
    const otherInbox = await call('GET', '/v1/queues/inbox?unit=ss-urban', {
      token: token('unitClerk@bh-urban'),
    });
    const noUnit = await call('GET', '/v1/queues/inbox', { token: token('dispatcher') });
    const unknown = await call('GET', '/v1/queues/everything', { token: token('dispatcher') });
    expect(agentOnOverdue.status).toBe(403);
    expect(otherInbox.status).toBe(403);
    expect(noUnit.status).toBe(400);
    expect(unknown.status).toBe(400);
  });
});
