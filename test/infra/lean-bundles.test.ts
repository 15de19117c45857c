import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import chineseDays from 'chinese-days';
import official from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { schedulesOf } from '../../functions/domain/calendar/official-schedules.ts';
import {
  bundleAliases,
  runtimeSdkModule,
  usedChineseDaysMembers,
  usedSdkNames,
  usedZodNames,
} from '../../infra/cdk/bundling/lean-bundles.ts';
import { PROJECT_ROOT } from '../../infra/cdk/config.ts';

/** What the bundler substitutes must answer exactly as the packages it stands in for. */

const aliasOf = (aliases: string[], name: string) =>
  aliases.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);

describe('Lean bundles', () => {
  it('leave the tracer out only where tracing is off', () => {
    // Act
    const off = bundleAliases({ tracing: false });
    const on = bundleAliases({ tracing: true });

    // Assess
    expect(aliasOf(off, '@aws-lambda-powertools/tracer')).toMatch(/tracer-off\.ts$/);
    expect(aliasOf(off, '@aws-lambda-powertools/tracer/middleware')).toMatch(/tracer-off\.ts$/);
    expect(aliasOf(on, '@aws-lambda-powertools/tracer')).toBeUndefined();
    expect(aliasOf(on, 'zod')).toBe(aliasOf(off, 'zod'));
  });

  it('put a tracer in place of the real one that middy and the handlers accept', async () => {
    // Prepare
    const { default: middy } = await import('@middy/core');
    const { Tracer, captureLambdaHandler } = await import('../../infra/cdk/bundling/tracer-off.ts');
    const tracer = new Tracer();

    // Act
    const handler = middy(async () => 'answered').use(captureLambdaHandler(tracer));

    // Assess
    expect(await handler({}, {} as never)).toBe('answered');
    expect(tracer.isTracingEnabled()).toBe(false);
  });

  it('give the lunar table of chinese-days for every year and month it tabulates', async () => {
    // Prepare
    const file = aliasOf(bundleAliases({ tracing: false }), 'chinese-days');
    if (!file) throw new Error('chinese-days is bundled whole: a function uses more than the lunar table');

    // Act
    const lean = (await import(file)).default as typeof chineseDays;

    // Assess
    for (let year = 1900; year <= 2100; year++) {
      expect(lean.getYearLeapMonth(year)).toEqual(chineseDays.getYearLeapMonth(year));
      for (let month = 1; month <= 12; month++) {
        expect(lean.monthDays(year, month), `${year}/${month}`).toBe(chineseDays.monthDays(year, month));
      }
    }
  });

  it('keep every official holiday and make-up working day, runs of days as ranges', () => {
    const file = aliasOf(bundleAliases({ tracing: false }), 'chinese-days/dist/chinese-days.json');
    const lean = JSON.parse(readFileSync(file as string, 'utf8'));
    expect(schedulesOf(lean)).toEqual(schedulesOf(official));
    expect(Object.keys(lean.holidays).length).toBeLessThan(Object.keys(official.holidays).length / 3);
    expect(Object.keys(lean.holidays)).toContain('2026-02-15..2026-02-23');
  });

  it('give zod/mini the runtime names the sources use, types and unknown names left out', () => {
    const names = usedZodNames([
      "import { z } from '../zod.ts';\nconst a = z.strictObject({ b: z.optional(z.iso.datetime()) });\ntype A = z.infer<typeof a>;",
      "import { config, type ZodMiniType } from 'zod/mini';\nz.nothingLikeThis; let e: z.core.$ZodError;",
      // A long chain as the formatter writes it: `z` alone, `.string()` on the next line.
      'const basis = z\n    .string()\n    .check(z.maxLength(500));',
    ]);
    expect(names).toEqual([
      'ZodMiniType',
      'config',
      'iso',
      'maxLength',
      'optional',
      'strictObject',
      'string',
    ]);
  });

  it('give every bundle one zod, from the copy, with zod/mini limited to the names the functions use', () => {
    const aliases = bundleAliases({ tracing: false });
    const copy = dirname(aliasOf(aliases, 'zod/v4/core') as string);
    expect(aliasOf(aliases, 'zod')).toBe(join(copy, '..', 'index.js'));
    expect(aliasOf(aliases, 'zod/v4/mini')).toBe(join(copy, '..', 'mini/index.js'));
    const mini = readFileSync(aliasOf(aliases, 'zod/mini') as string, 'utf8');
    expect(mini).toContain(JSON.stringify(join(copy, '..', 'mini/external.js')));
    expect(mini).toMatch(/\bz_optional as optional\b/);
    expect(mini).not.toMatch(/\blocales\b/);
  });

  it("give zod without its JSON Schema generator: the same names, throwing, and schemas that parse as zod's", async () => {
    const copy = aliasOf(bundleAliases({ tracing: false }), 'zod/v4/core') as string;
    const classic = await import(pathToFileURL(join(dirname(copy), '../classic/external.js')).href);
    for (const file of ['core/to-json-schema.js', 'core/json-schema-processors.js']) {
      const real = await import(pathToFileURL(join(PROJECT_ROOT, 'node_modules/zod/v4', file)).href);
      const stub = await import(pathToFileURL(join(dirname(copy), '..', file)).href);
      expect(Object.keys(stub).sort()).toEqual(Object.keys(real).sort());
    }
    const schema = classic.strictObject({ n: classic.number().int() });
    expect(schema.parse({ n: 1 })).toEqual({ n: 1 });
    expect(schema.safeParse({ n: 1.5 }).error.issues[0].message).toMatch(/expected int/i);
    expect(() => classic.toJSONSchema(schema)).toThrow(/JSON Schema generator is not in this bundle/);
  });

  it("require the runtime's SDK packages by the names the sources import, type imports left out", async () => {
    const used = usedSdkNames([
      "import { type AttributeValue, TransactionCanceledException } from '@aws-sdk/client-dynamodb';",
      "import {\n  BatchGetCommand,\n  type DynamoDBDocumentClient,\n  GetCommand as Get,\n} from '@aws-sdk/lib-dynamodb';",
      "import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';",
      "const sm = await import('@aws-sdk/client-secrets-manager');",
    ]);
    expect(used).toEqual({
      '@aws-sdk/client-dynamodb': ['TransactionCanceledException'],
      '@aws-sdk/lib-dynamodb': ['BatchGetCommand', 'GetCommand'],
    });
    const aliases = bundleAliases({ tracing: false });
    expect(aliasOf(aliases, '@aws-sdk/client-dynamodb')).toMatch(/\.mjs$/);
    // The adapters send through their own document client: no function imports lib-dynamodb.
    expect(aliasOf(aliases, '@aws-sdk/lib-dynamodb')).toBeUndefined();
    // Where a bundle is, the SDK is found (in Lambda on NODE_PATH; here in the project's node_modules).
    const dir = mkdtempSync(join(PROJECT_ROOT, 'node_modules/.cache-sdk-'));
    const shim = join(dir, 'lib-dynamodb.mjs');
    writeFileSync(shim, runtimeSdkModule('@aws-sdk/lib-dynamodb', ['DynamoDBDocumentClient', 'GetCommand']));
    const required = await import(pathToFileURL(shim).href).finally(() => rmSync(dir, { recursive: true }));
    const real = await import('@aws-sdk/lib-dynamodb');
    expect(required.GetCommand).toBe(real.GetCommand);
    expect(required.DynamoDBDocumentClient).toBe(real.DynamoDBDocumentClient);
    expect(() => runtimeSdkModule('@aws-sdk/lib-dynamodb', ['GetCommand', 'NoSuchCommand'])).toThrow(
      '@aws-sdk/lib-dynamodb does not export NoSuchCommand',
    );
  });

  it('bundle chinese-days whole when a function uses more than the lunar table', () => {
    expect(usedChineseDaysMembers(["import cd from 'chinese-days';\ncd.monthDays(1, 2);"])).toEqual([
      'monthDays',
    ]);
    expect(
      usedChineseDaysMembers([
        "import { getSolarTermDate } from 'chinese-days';",
        "import cd from 'chinese-days'; cd.isHoliday(x);",
      ]),
    ).toEqual(['getSolarTermDate', 'isHoliday']);
  });
});
