import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { main } from '../../infra/cli/main.ts';
import { freshTable } from './table.ts';

const DEMO = fileURLToPath(new URL('../../infra/local/demo-directory.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hotline-directory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `hotline directory import` in-process against the run's DynamoDB Local. */
async function importFile(tableName: string, path: string, ...flags: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['directory', 'import', path, '--endpoint', inject('dynamodbEndpoint'), '--table', tableName, ...flags],
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: {},
      stderrIsTTY: false,
    },
  );
  return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

/** The counts row of a kind: added, changed, unchanged, refused. */
function counts(lines: string[], kind: string): number[] | undefined {
  const row = lines.find((line) => line.startsWith(`${kind} `));
  return row?.trim().split(/\s+/).slice(1).map(Number);
}

describe('hotline directory import (DynamoDB Local)', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let directory: DirectoryRepository;

  beforeAll(async () => {
    table = await freshTable();
    directory = new DirectoryRepository(table.db, table.tableName);
  });

  it('imports the demo directory into a fresh table: everything added', async () => {
    const { code, stdout, stderr, lines } = await importFile(table.tableName, DEMO);
    expect(code).toBe(0);
    expect(lines).toEqual([
      'kind       added  changed  unchanged  refused',
      'region         4        0          0        0',
      'unit           8        0          0        0',
      'catalogue      5        0          0        0',
      'channel        5        0          0        0',
    ]);
    expect(stdout).not.toContain('#');
    // Not a terminal: one plain line per tenth, ending at 100 %.
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('importing: 100% (22/22)');
    expect((await directory.all('unit')).map((u) => u.id).sort()).toEqual([
      'bh-gov',
      'bh-urban',
      'hf-env',
      'hf-housing',
      'hf-market',
      'ss-gov',
      'ss-sanlian',
      'ss-urban',
    ]);
    expect(await directory.get('channel', 'wechat')).toEqual({
      id: 'wechat',
      name: '12345微信公众号',
      channels: ['wechat'],
    });
  });

  it('imports it again: everything unchanged', async () => {
    const { code, lines } = await importFile(table.tableName, DEMO);
    expect(code).toBe(0);
    for (const [kind, n] of [
      ['region', 4],
      ['unit', 8],
      ['catalogue', 5],
      ['channel', 5],
    ] as const) {
      expect(counts(lines, kind)).toEqual([0, 0, n, 0]);
    }
  });

  it('imports a unit CSV: one changed, one added, two refused (exit 1); the good rows are stored', async () => {
    const csv = file(
      'units.csv',
      [
        'id,name,level,parentId,regionId,rankingGroup,contact',
        // changed: a new name with a comma and quotes in it
        'ss-urban,"蜀山区城市管理局, ""城管""",county,ss-gov,shushan,district,',
        // added: parent stored, contact given
        'ss-market,蜀山区市场监督管理局,county,ss-gov,shushan,district,0551-65000000',
        // schema error: unknown level
        'ss-moon,月球办事处,galaxy,ss-gov,shushan,,',
        // dangling parent
        'ss-orphan,孤儿办事处,township,ss-nowhere,shushan,township,',
      ].join('\r\n'),
    );
    const { code, lines } = await importFile(table.tableName, csv, '--kind', 'unit');
    expect(code).toBe(1);
    expect(lines.slice(0, 2)).toEqual([
      'kind  added  changed  unchanged  refused',
      'unit      1        1          0        2',
    ]);
    expect(lines[2]).toBe('');
    expect(lines.slice(3)).toHaveLength(2);
    expect(lines[3]).toMatch(/^unit #2 \(ss-moon\): level: /);
    expect(lines[4]).toBe('unit #3 (ss-orphan): parentId: no unit "ss-nowhere"');

    expect((await directory.get('unit', 'ss-urban'))?.name).toBe('蜀山区城市管理局, "城管"');
    expect(await directory.get('unit', 'ss-market')).toEqual({
      id: 'ss-market',
      name: '蜀山区市场监督管理局',
      level: 'county',
      parentId: 'ss-gov',
      regionId: 'shushan',
      rankingGroup: 'district',
      contact: '0551-65000000',
    });
    expect(await directory.get('unit', 'ss-moon')).toBeUndefined();
    expect(await directory.get('unit', 'ss-orphan')).toBeUndefined();
    expect(await directory.all('unit')).toHaveLength(9);
  });

  it('checks references across kinds and within the file, in import order', async () => {
    const fresh = await freshTable();
    const json = file(
      'references.json',
      JSON.stringify({
        // Keys in any order: regions are still imported first.
        catalogue: [
          { id: 'noise', name: '噪声', unitId: 'u-child', level: 'county' },
          { id: 'roads', name: '道路', unitId: 'u-refused', level: 'county' },
          { id: 'water', name: '供水', unitId: 'u-grandchild', level: 'county' },
        ],
        unit: [
          // parent later in the file
          { id: 'u-child', name: '子单位', level: 'county', parentId: 'u-top', regionId: 'r-city' },
          { id: 'u-top', name: '顶层单位', level: 'city', regionId: 'r-city' },
          { id: 'u-refused', name: '', level: 'county' },
          { id: 'u-under-refused', name: '下级', level: 'township', parentId: 'u-refused' },
          { id: 'u-grandchild', name: '孙单位', level: 'township', parentId: 'u-under-refused' },
          { id: 'u-lost', name: '无区单位', level: 'county', regionId: 'r-none' },
        ],
        region: [{ id: 'r-city', name: '市', level: 'city' }],
      }),
    );
    const { code, lines } = await importFile(fresh.tableName, json);
    expect(code).toBe(1);
    expect(lines.slice(0, 4)).toEqual([
      'kind       added  changed  unchanged  refused',
      'region         1        0          0        0',
      'unit           2        0          0        4',
      'catalogue      1        0          0        2',
    ]);
    expect(lines.slice(5)).toEqual([
      'unit #2 (u-refused): name: may not be blank',
      'unit #3 (u-under-refused): parentId: no unit "u-refused" (its entry is refused)',
      'unit #4 (u-grandchild): parentId: no unit "u-under-refused" (its entry is refused)',
      'unit #5 (u-lost): regionId: no region "r-none"',
      'catalogue #1 (roads): unitId: no unit "u-refused" (its entry is refused)',
      'catalogue #2 (water): unitId: no unit "u-grandchild" (its entry is refused)',
    ]);
    const stored = new DirectoryRepository(fresh.db, fresh.tableName);
    expect((await stored.all('unit')).map((u) => u.id).sort()).toEqual(['u-child', 'u-top']);
    expect((await stored.all('catalogue')).map((c) => c.id)).toEqual(['noise']);

    // Later files may name what is stored by now.
    const more = file(
      'catalogue.csv',
      'id,name,unitId,level\nschools,学校,u-top,city\nparks,公园,u-gone,city\n',
    );
    const second = await importFile(fresh.tableName, more, '--kind', 'catalogue');
    expect(second.code).toBe(1);
    expect(counts(second.lines, 'catalogue')).toEqual([1, 0, 0, 1]);
    expect(second.lines.at(-1)).toBe('catalogue #1 (parks): unitId: no unit "u-gone"');
  });

  it('a table that does not exist is a bad argument naming it', async () => {
    const { code, stdout, stderr } = await importFile('no-such-table', DEMO);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `hotline: --table: there is no table "no-such-table" at ${inject('dynamodbEndpoint')}`,
    );
  });
});
