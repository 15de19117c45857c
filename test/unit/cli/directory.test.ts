import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DirectoryRepository, PutOutcome } from '../../../functions/adapters/directory-repository.ts';
import type { DirectoryKind } from '../../../functions/domain/directory/index.ts';
import { fieldsOf, readDirectoryCsv, readDirectoryJson } from '../../../infra/cli/directory-file.ts';
import { importDirectory } from '../../../infra/cli/directory-import.ts';
import { progress } from '../../../infra/cli/progress.ts';
import { jsonFile, run, tempDir } from './run.ts';

const UNITS_HEADER = 'id,name,level,parentId,regionId,rankingGroup,contact';
const importing = (...args: string[]) => ['directory', 'import', ...args];
const csv = (text: string) => jsonFile('entries.csv', text);
const json = (value: unknown) => jsonFile('directory.json', value);

describe('hotline directory import: bad arguments and unreadable files, exit 2 before any DynamoDB call', () => {
  it.each([
    ['missing directory command', () => ['directory'], /missing directory command: use 'directory import'/],
    ['unknown directory command', () => ['directory', 'export'], /unknown command 'directory export'/],
    ['missing FILE', () => importing(), /missing FILE: usage is hotline directory import FILE/],
    ['missing file', () => importing('/no/such/directory.json'), /FILE: cannot read .*no such file/],
    [
      'neither JSON nor CSV',
      () => importing('/no/such/directory.xlsx'),
      /FILE must be a \.json or a \.csv file/,
    ],
    [
      'CSV without --kind',
      () => importing(csv(`${UNITS_HEADER}\n`)),
      /--kind is required for a CSV file: region, unit, catalogue or channel/,
    ],
    [
      'unknown --kind',
      () => importing(csv(`${UNITS_HEADER}\n`), '--kind', 'units'),
      /--kind: unknown kind "units"; known: region, unit, catalogue, channel/,
    ],
    ['--kind without a value', () => importing(csv('id\n'), '--kind'), /--kind needs a value/],
    ['--kind for JSON', () => importing(json({ unit: [] }), '--kind', 'unit'), /--kind is for CSV files/],
    [
      'unknown option',
      () => importing(json({ unit: [] }), '--force'),
      /unknown option --force for 'hotline directory import'/,
    ],
    [
      'bad --table',
      () => importing(json({ unit: [] }), '--table', 'a b'),
      /--table must be a DynamoDB table name/,
    ],
    [
      'bad --endpoint',
      () => importing(json({ unit: [] }), '--endpoint', 'localhost:8000'),
      /--endpoint must be a URL such as http:\/\/localhost:8000, not "localhost:8000"/,
    ],
    ['JSON that is not JSON', () => importing(json('{"unit": [')), /FILE: .*directory\.json is not JSON: /],
    ['JSON array', () => importing(json([])), /FILE: .*must hold a JSON object with the keys region, unit/],
    [
      'JSON with an unknown kind',
      () => importing(json({ units: [] })),
      /FILE: .*: unknown kind "units"; known: region/,
    ],
    ['JSON kind not an array', () => importing(json({ unit: {} })), /"unit" must be an array/],
    ['JSON with no kind', () => importing(json({})), /has none of region, unit, catalogue, channel/],
    [
      'empty CSV',
      () => importing(csv(''), '--kind', 'unit'),
      /entries\.csv is empty; a CSV file starts with a header row/,
    ],
    [
      'CSV with a quote left open',
      () => importing(csv(`${UNITS_HEADER}\nu1,"open,city\n`), '--kind', 'unit'),
      /entries\.csv is not valid CSV: line 2: a quoted field is still open at the end of the file/,
    ],
    [
      'CSV with an unknown column',
      () => importing(csv('id,name,level,email\n'), '--kind', 'unit'),
      /line 1: unknown column "email" for unit; known: id, name, level, parentId/,
    ],
    [
      'CSV with a column twice',
      () => importing(csv('id,name,level,name\n'), '--kind', 'unit'),
      /line 1: column "name" appears twice/,
    ],
    [
      'CSV without a required column',
      () => importing(csv('id,name\n'), '--kind', 'catalogue'),
      /line 1: catalogue needs the column\(s\) unitId, level/,
    ],
    [
      'CSV header with an empty name',
      () => importing(csv('id,,name\n'), '--kind', 'unit'),
      /column 2 has no name/,
    ],
    [
      'CSV row with too few cells',
      () => importing(csv('id,name,level\nu1,a,city\nu2,b\n'), '--kind', 'unit'),
      /line 3: 2 cells, but the header has 3 columns/,
    ],
  ])('%s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await run(argv());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^hotline: [^\n]+\n$/);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("see 'hotline help'");
  });

  it('a DYNAMODB_ENDPOINT that is not a URL is named', async () => {
    const { code, stderr } = await run(importing(json({ unit: [] })), tempDir(), {
      DYNAMODB_ENDPOINT: 'db:8000',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/DYNAMODB_ENDPOINT must be a URL/);
  });

  it('a CSV that is not UTF-8 (a GBK export) is refused with a hint', async () => {
    const file = join(tempDir(), 'gbk.csv');
    // "id,name\nhf,合肥" in GBK
    writeFileSync(file, Buffer.from([...Buffer.from('id,name\nhf,'), 0xba, 0xcf, 0xb7, 0xca, 0x0a]));
    const { code, stderr } = await run(importing(file, '--kind', 'region'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/gbk\.csv is not UTF-8 text \(save it as UTF-8/);
  });
});

describe('reading directory files', () => {
  it('knows each kind’s fields and which are required', () => {
    expect(fieldsOf('unit')).toEqual({
      all: ['id', 'name', 'level', 'parentId', 'regionId', 'rankingGroup', 'contact'],
      required: ['id', 'name', 'level'],
    });
    expect(fieldsOf('channel').required).toEqual(['id', 'name', 'channels']);
  });

  it('turns CSV rows into entries: empty cells absent, a channel list split on ";"', () => {
    expect(
      readDirectoryCsv(
        '\uFEFFid,name,channels\r\nweb, 网站 ,"web; mayorMailbox;"\r\nsms,短信,\r\n',
        'channel',
        'x.csv',
      ),
    ).toEqual({
      channel: [
        { id: 'web', name: ' 网站 ', channels: ['web', 'mayorMailbox'] },
        { id: 'sms', name: '短信' },
      ],
    });
    expect(readDirectoryCsv(`${UNITS_HEADER}\nu1,"Unit, ""one""",city,, ,,\n`, 'unit', 'x.csv')).toEqual({
      unit: [{ id: 'u1', name: 'Unit, "one"', level: 'city' }],
    });
  });

  it('a CSV with only a header holds no entries', () => {
    expect(readDirectoryCsv('id,name,level\n', 'region', 'x.csv')).toEqual({ region: [] });
  });

  it('reads the kinds a JSON file holds, as they are', () => {
    expect(readDirectoryJson('{"channel": [], "region": [{"id": 1}]}', 'x.json')).toEqual({
      channel: [],
      region: [{ id: 1 }],
    });
  });
});

describe('progress', () => {
  const record = (total: number, tty: boolean, ticks = total) => {
    const written: string[] = [];
    const bar = progress('importing', total, (text) => written.push(text), tty);
    for (let i = 0; i < ticks; i += 1) bar.tick();
    bar.done();
    return written;
  };

  it('writes one line per tenth when stderr is not a terminal', () => {
    const lines = record(40, false);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('importing: 10% (4/40)\n');
    expect(lines.at(-1)).toBe('importing: 100% (40/40)\n');
    expect(record(3, false)).toEqual([
      'importing: 33% (1/3)\n',
      'importing: 66% (2/3)\n',
      'importing: 100% (3/3)\n',
    ]);
  });

  it('redraws a bar in place on a terminal, only when it changes, and ends the line', () => {
    const writes = record(2, true);
    expect(writes).toEqual([
      `\rimporting [${'.'.repeat(30)}] 0% 0/2`,
      `\rimporting [${'#'.repeat(15)}${'.'.repeat(15)}] 50% 1/2`,
      `\rimporting [${'#'.repeat(30)}] 100% 2/2`,
      '\n',
    ]);
    expect(record(1000, true).length).toBeLessThan(1010);
  });

  it('says nothing when there is nothing to import', () => {
    expect(record(0, false)).toEqual([]);
    expect(record(0, true)).toEqual([]);
  });
});

/** A directory kept in memory, with what the repository's put answers. */
function memoryDirectory(stored: Partial<Record<DirectoryKind, { id: string }[]>> = {}) {
  const items = new Map<string, string>();
  for (const [kind, entries] of Object.entries(stored)) {
    for (const entry of entries) items.set(`${kind}/${entry.id}`, JSON.stringify(entry));
  }
  const directory = {
    async put(kind: DirectoryKind, entry: { id: string }): Promise<PutOutcome> {
      const key = `${kind}/${entry.id}`;
      const before = items.get(key);
      items.set(key, JSON.stringify(entry));
      return before === undefined ? 'added' : before === JSON.stringify(entry) ? 'unchanged' : 'changed';
    },
    async all(kind: DirectoryKind) {
      return [...items].filter(([key]) => key.startsWith(`${kind}/`)).map(([, value]) => JSON.parse(value));
    },
  };
  return { directory: directory as unknown as DirectoryRepository, ids: () => [...items.keys()].sort() };
}

describe('importDirectory: references', () => {
  it('accepts references to stored entries and to entries anywhere in the file', async () => {
    const memory = memoryDirectory({ region: [{ id: 'r1' }], unit: [{ id: 'stored' }] });
    const results = await importDirectory(memory.directory, {
      unit: [
        { id: 'a', name: 'A', level: 'county', parentId: 'b', regionId: 'r1' },
        { id: 'b', name: 'B', level: 'city', parentId: 'stored', regionId: 'r2' },
      ],
      region: [{ id: 'r2', name: 'R2', level: 'county', parentId: 'r1' }],
      catalogue: [{ id: 'c', name: 'C', unitId: 'stored', level: 'city' }],
    });
    expect(results.map((r) => [r.kind, r.added, r.refused.length])).toEqual([
      ['region', 1, 0],
      ['unit', 2, 0],
      ['catalogue', 1, 0],
    ]);
    expect(memory.ids()).toEqual([
      'catalogue/c',
      'region/r1',
      'region/r2',
      'unit/a',
      'unit/b',
      'unit/stored',
    ]);
  });

  it('refuses dangling references with the field and what is missing, and stores the rest', async () => {
    const memory = memoryDirectory();
    let ticks = 0;
    const results = await importDirectory(
      memory.directory,
      {
        region: [
          { id: 'r1', name: 'R1', level: 'city', parentId: 'r0' },
          { id: 'r2', name: 'R2', level: 'city' },
        ],
        unit: [
          { id: 'u1', name: 'U1', level: 'city', regionId: 'r1' },
          { id: 'u2', name: 'U2', level: 'city', parentId: 'u2' },
          { id: 'u3', name: 'U3', level: 'city', regionId: 'r2', parentId: 'nobody' },
        ],
        channel: [{ id: 'k', name: 'K', channels: ['web'] }],
      },
      () => {
        ticks += 1;
      },
    );
    expect(ticks).toBe(6);
    expect(results.flatMap((r) => r.refused)).toEqual([
      { kind: 'region', index: 0, id: 'r1', errors: [{ field: 'parentId', message: 'no region "r0"' }] },
      {
        kind: 'unit',
        index: 0,
        id: 'u1',
        errors: [{ field: 'regionId', message: 'no region "r1" (its entry is refused)' }],
      },
      {
        kind: 'unit',
        index: 1,
        id: 'u2',
        errors: [{ field: 'parentId', message: 'a unit cannot be its own parent' }],
      },
      { kind: 'unit', index: 2, id: 'u3', errors: [{ field: 'parentId', message: 'no unit "nobody"' }] },
    ]);
    expect(memory.ids()).toEqual(['channel/k', 'region/r2']);
  });

  it('reports schema errors at their index in the file, between reference refusals', async () => {
    const memory = memoryDirectory();
    const [units] = await importDirectory(memory.directory, {
      unit: [
        { id: 'a', name: 'A', level: 'city', parentId: 'x' },
        { id: 'b', name: 'B', level: 'planet' },
        'not an entry',
        { id: 'c', name: 'C', level: 'city' },
      ],
    });
    expect(units?.refused.map((r) => [r.index, r.id, r.errors[0]?.field])).toEqual([
      [0, 'a', 'parentId'],
      [1, 'b', 'level'],
      [2, undefined, '(body)'],
    ]);
    expect(units?.added).toBe(1);
  });
});
