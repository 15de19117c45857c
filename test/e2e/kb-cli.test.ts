import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { csvLine, KB_COLUMNS, xlsxBytes } from '../../infra/cli/kb-file.ts';
import { main } from '../../infra/cli/main.ts';

/**
 * `hotline kb import|export|search` against the run's local runtime, reached as `npm start`'s is:
 * no flag, only the PORT and data folder that runtime was started with.
 */
const dir = mkdtempSync(join(tmpdir(), 'hotline-kb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const localEnv = () => ({
  PORT: new URL(inject('apiUrl')).port,
  HOTLINE_DATA_DIR: dirname(inject('runtimeLog')),
});

async function hotline(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: localEnv(),
    cwd: dir,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

const row = (i: number, overrides: Partial<Record<(typeof KB_COLUMNS)[number], string>> = {}) => {
  const cells: Record<(typeof KB_COLUMNS)[number], string> = {
    title: `导入测试事项${i}号窗口预约`,
    questions: `导入测试事项${i}怎么预约|导入测试${i}号窗口在哪`,
    answer: `导入测试事项${i}可通过皖事通App预约，工作日上午9点至下午5点办理。`,
    category: 'urban-management',
    // Another unit than the lifecycle test's, whose upkeep counts that test reads.
    unit: 'bh-urban',
    region: 'baohe',
    public: 'true',
    basis: '《导入测试办法》 https://www.example.gov.cn/doc|《补充规定》',
    ...overrides,
  };
  return KB_COLUMNS.map((c) => cells[c]);
};

function csvFile(name: string, rows: string[][]): string {
  writeFileSync(join(dir, name), csvLine([...KB_COLUMNS]) + rows.map(csvLine).join(''));
  return name;
}

describe('hotline kb, against the local runtime with no flag', () => {
  it('names every bad row by line and column and imports nothing; --skip-bad --publish imports the rest', async () => {
    // Prepare: 20 good rows, and bad ones on lines 4 and 9 of the file
    const rows = Array.from({ length: 22 }, (_, i) => row(i));
    rows[2] = row(2, { public: 'yes' });
    rows[7] = row(7, { questions: '', region: '' });
    const file = csvFile('entries.csv', rows);

    // Act
    const refused = await hotline('kb', 'import', file);

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 4: public: must be true or false');
    expect(refused.stderr).toMatch(/line 9: questions: /);
    expect(refused.stderr).toMatch(/line 9: region: /);
    expect(refused.stdout).toContain('2 bad row(s) of 22: nothing imported');
    const before = JSON.parse((await hotline('kb', 'search', '导入测试事项5号窗口')).stdout).hits as {
      title: string;
    }[];
    expect(before.map((h) => h.title)).not.toContain('导入测试事项5号窗口预约');

    // Act: the good rows, published
    const imported = await hotline('kb', 'import', file, '--skip-bad', '--publish');

    // Assess
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported 20 entries published; skipped 2 bad row(s)');
    expect(imported.stderr).toContain('importing');
    // The index follows the import through the bus (one build for the batch), a moment later.
    let found = await hotline('kb', 'search', '导入测试事项5号窗口怎么预约', '--region', 'baohe');
    for (let i = 0; i < 40 && !found.stdout.includes('导入测试事项5号窗口预约'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      found = await hotline('kb', 'search', '导入测试事项5号窗口怎么预约', '--region', 'baohe');
    }
    expect(found.code).toBe(0);
    const { hits } = JSON.parse(found.stdout) as { hits: { id: string; title: string; score: number }[] };
    expect(hits[0]).toEqual({
      id: expect.any(String),
      title: '导入测试事项5号窗口预约',
      score: expect.any(Number),
    });
    expect(Object.keys(hits[0] ?? {})).toEqual(['id', 'title', 'score']);
  });

  it('imports XLSX as drafts, and exports the published entries as CSV and XLSX', async () => {
    // Prepare
    writeFileSync(join(dir, 'entries.xlsx'), await xlsxBytes([row(100, { title: '表格导入的草稿条目' })]));

    // Act
    const drafted = await hotline('kb', 'import', 'entries.xlsx');
    const csv = await hotline('kb', 'export');
    const xlsx = await hotline('kb', 'export', '--out', 'export.xlsx');

    // Assess
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(drafted.stdout).toContain('imported 1 entries as drafts of their units');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'title,questions,answer,category,unit,region,public,basis,reviewBy,localizes,id,version',
    );
    expect(csv.stdout).toContain('导入测试事项5号窗口预约');
    expect(csv.stdout).toContain('住房公积金提取');
    expect(csv.stdout).not.toContain('表格导入的草稿条目');
    expect(xlsx.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(join(dir, 'export.xlsx')) as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.actualRowCount).toBe(lines.length);
  });

  it('says where no runtime answers, and what a deployment needs', async () => {
    const down = await main(['kb', 'search', '公积金', '--url', 'http://127.0.0.1:9'], {
      stdout: () => {},
      stderr: () => {},
      env: { HOTLINE_TOKEN: 'x' },
    });
    expect(down).toBe(2);
    let err = '';
    const deployment = await main(['kb', 'search', '公积金', '--url', 'https://api.example.gov.cn'], {
      stdout: () => {},
      stderr: (t) => {
        err += t;
      },
      env: {},
    });
    expect(deployment).toBe(2);
    expect(err).toContain('--token');
  });
});
