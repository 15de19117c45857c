import { beforeAll, describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../functions/adapters/attempt-limiter.ts';
import { GetCommand } from '../../functions/adapters/document-client.ts';
import { freshTable } from './table.ts';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-02T02:00:00.000Z');

describe('Class: AttemptLimiter (DynamoDB Local)', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let limiter: AttemptLimiter;
  const slotsOf = async (subject: string, at = NOW) =>
    (
      await table.db.send(
        new GetCommand({
          TableName: table.tableName,
          Key: { pk: `THROTTLE#${subject}`, sk: String(Math.floor(at.getTime() / HOUR)) },
        }),
      )
    ).Item;

  beforeAll(async () => {
    table = await freshTable();
    limiter = new AttemptLimiter(table.db, table.tableName, 3);
  });

  it('grants the window its slots and no more, and the item expires two windows later (TTL)', async () => {
    // Act
    const granted = [];
    for (let i = 0; i < 4; i++) granted.push(await limiter.tryAcquire('A', NOW));

    // Assess
    expect(granted).toEqual([true, true, true, false]);
    expect(await slotsOf('A')).toMatchObject({ n: 3, expiration: NOW.getTime() / 1000 + 7200 });
  });

  it('concurrent attempts cannot pass the limit', async () => {
    // Act
    const granted = await Promise.all(Array.from({ length: 10 }, () => limiter.tryAcquire('B', NOW)));

    // Assess
    expect(granted.filter(Boolean)).toHaveLength(3);
    expect((await slotsOf('B'))?.n).toBe(3);
  });

  it('a success gives its slot back; giving back a slot never taken changes nothing and does not fail', async () => {
    // Act
    await limiter.tryAcquire('C', NOW);
    await limiter.release('C', NOW);
    await limiter.release('C', NOW);

    // Assess
    expect((await slotsOf('C'))?.n).toBe(0);
  });

  it('the next window starts afresh', async () => {
    // Prepare
    for (let i = 0; i < 3; i++) await limiter.tryAcquire('D', NOW);

    // Act
    const next = await limiter.tryAcquire('D', new Date(NOW.getTime() + HOUR));

    // Assess
    expect(next).toBe(true);
  });
});
