import { afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { BatchGetCommand } from '../../functions/adapters/document-client.ts';
import type { Unit } from '../../functions/domain/directory/index.ts';
import { freshTable } from './table.ts';

const unit = (id: string): Unit => ({ id, name: `单位 ${id}`, level: 'township', parentId: 'ss-gov' });

describe('Class: DirectoryRepository, batched gets (DynamoDB Local)', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let directory: DirectoryRepository;
  let send: MockInstance;
  /** The keys of each BatchGetItem sent since the spy was set, as `pk|sk`. */
  const batches = () =>
    send.mock.calls
      .map(([command]) => command)
      .filter((command) => command instanceof BatchGetCommand)
      .map((command) =>
        (command.input.RequestItems?.[table.tableName]?.Keys ?? []).map((key) => `${key.pk}|${key.sk}`),
      );

  beforeAll(async () => {
    table = await freshTable();
    directory = new DirectoryRepository(table.db, table.tableName);
    await directory.put('region', { id: 'shushan', name: '蜀山区', level: 'county' });
    await directory.put('catalogue', { id: 'noise', name: '噪声', unitId: 'ss-urban', level: 'county' });
    await directory.put('channel', { id: 'wechat', name: '12345微信公众号', channels: ['wechat'] });
    for (let i = 0; i < 150; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          directory.put('unit', unit(`u-${String(i + j).padStart(3, '0')}`)),
        ),
      );
    }
  });

  afterEach(() => send.mockRestore());

  it('the gets of one turn are one BatchGetItem: each answers its entry, a missing one undefined', async () => {
    // Prepare
    send = vi.spyOn(table.db, 'send');

    // Act
    const [region, category, channel, first, missing, again] = await Promise.all([
      directory.get('region', 'shushan'),
      directory.get('catalogue', 'noise'),
      directory.get('channel', 'wechat'),
      directory.get('unit', 'u-000'),
      directory.get('unit', 'no-such-unit'),
      directory.get('unit', 'u-000'),
    ]);

    // Assess
    expect(region).toEqual({ id: 'shushan', name: '蜀山区', level: 'county' });
    expect(category).toEqual({ id: 'noise', name: '噪声', unitId: 'ss-urban', level: 'county' });
    expect(channel).toEqual({ id: 'wechat', name: '12345微信公众号', channels: ['wechat'] });
    expect(first).toEqual(unit('u-000'));
    expect(missing).toBeUndefined();
    expect(again).toEqual(unit('u-000'));
    expect(send).toHaveBeenCalledTimes(1);
    // The unit asked for twice is one key of the batch.
    expect(batches()).toEqual([
      [
        'DIR#region|shushan',
        'DIR#catalogue|noise',
        'DIR#channel|wechat',
        'DIR#unit|u-000',
        'DIR#unit|no-such-unit',
      ],
    ]);
  });

  it('150 gets in one turn are two BatchGetItems, of 100 keys and 50, and all answer', async () => {
    // Prepare
    send = vi.spyOn(table.db, 'send');
    const ids = Array.from({ length: 150 }, (_, i) => `u-${String(i).padStart(3, '0')}`);

    // Act
    const units = await Promise.all(ids.map((id) => directory.get('unit', id)));

    // Assess
    expect(units).toEqual(ids.map(unit));
    expect(send).toHaveBeenCalledTimes(2);
    expect(batches().map((keys) => keys.length)).toEqual([100, 50]);
    expect(batches().flat()).toEqual(ids.map((id) => `DIR#unit|${id}`));
  });

  it('gets in separate turns are separate requests', async () => {
    // Prepare
    send = vi.spyOn(table.db, 'send');

    // Act
    const region = await directory.get('region', 'shushan');
    const missing = await directory.get('region', 'no-such-region');
    const first = await directory.get('unit', 'u-149');

    // Assess
    expect(region?.name).toBe('蜀山区');
    expect(missing).toBeUndefined();
    expect(first).toEqual(unit('u-149'));
    expect(batches()).toEqual([['DIR#region|shushan'], ['DIR#region|no-such-region'], ['DIR#unit|u-149']]);
    expect(send).toHaveBeenCalledTimes(3);
  });
});
