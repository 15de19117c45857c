import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../functions/api/openapi-document.ts';
import { PRESETS } from '../../functions/domain/policy/index.ts';
import { resources, type Synthesized, synthesize, testConfig } from './support/synth.ts';

/**
 * What a deployment adds to every bundle: the operator year schedules it lists, and the effective
 * policy. Bundled for real (local esbuild).
 */
let s: Synthesized;
/** A version above the preset's, as overrides need. */
const NEXT = (PRESETS['pingdingshan-2022']?.version ?? 0) + 1;
const schedule = { year: 2031, holidays: ['2031-01-01', '2031-10-01'], workdays: ['2031-09-28'] };

beforeAll(() => {
  const calendarDir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
  writeFileSync(join(calendarDir, '2031.json'), JSON.stringify(schedule));
  const config = testConfig(
    'pingdingshan',
    {
      calendarYears: [2031],
      policy: { preset: 'pingdingshan-2022', overrides: { version: NEXT, supervision: { repeatCount: 5 } } },
    },
    calendarDir,
  );
  s = synthesize(config, { bundle: true });
});

function bundles(): { id: string; dir: string; env: Record<string, string> }[] {
  const templates = [s.templates.api, s.templates.workflows];
  return templates.flatMap((t) =>
    resources(t, 'AWS::Lambda::Function').map(([id, fn]) => {
      const p = fn.Properties as {
        Code: { S3Key: string };
        Environment: { Variables: Record<string, string> };
      };
      return {
        id,
        dir: join(s.outdir, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`),
        env: p.Environment.Variables,
      };
    }),
  );
}

describe('Function bundles', () => {
  it('carry the year schedules the config lists, where HOTLINE_CALENDAR_DIR points', () => {
    for (const b of bundles()) {
      expect(JSON.parse(readFileSync(join(b.dir, 'calendar/2031.json'), 'utf8')), b.id).toEqual(schedule);
      expect(b.env.HOTLINE_CALENDAR_DIR).toBe('/var/task/calendar');
    }
  });

  it('carry the effective policy (POLICY_FILE), as the text whose digest they get as POLICY_SHA256', () => {
    for (const b of bundles()) {
      const text = readFileSync(join(b.dir, 'policy.json'), 'utf8');
      expect(createHash('sha256').update(text.trim()).digest('hex'), b.id).toBe(b.env.POLICY_SHA256);
      const policy = JSON.parse(text);
      expect(policy, b.id).toEqual(s.config.effectivePolicy);
      expect(policy).toMatchObject({
        id: 'pingdingshan-2022',
        version: NEXT,
        supervision: { repeatCount: 5 },
      });
      expect(b.env).toMatchObject({ POLICY_ID: 'pingdingshan-2022', POLICY_FILE: '/var/task/policy.json' });
    }
  });

  it('carry neither the policy presets nor the policy schema: only the bundled policy file (#policy-source)', () => {
    for (const b of bundles()) {
      const code = readFileSync(join(b.dir, 'index.mjs'), 'utf8');
      for (const preset of ['tianning-2013', 'jinzhou-2023', 'changzhou-2016']) {
        expect(code.includes(preset), `${b.id} carries preset ${preset}`).toBe(false);
      }
      expect(code, b.id).not.toContain('unknown policy "');
    }
  });

  it('give the OpenAPI function the document built at synth (OPENAPI_FILE), so it builds nothing at cold start', () => {
    const [openapi, ...others] = bundles().filter((b) => b.env.OPENAPI_FILE);
    expect(others).toEqual([]);
    expect(openapi?.id).toMatch(/^Apiopenapi/);
    expect(openapi?.env.OPENAPI_FILE).toBe('/var/task/openapi.json');
    const document = JSON.parse(readFileSync(join(openapi?.dir ?? '', 'openapi.json'), 'utf8'));
    expect(document).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
    // Nor the generator and the schemas: a bundle builds every top-level schema it holds.
    const sources = JSON.parse(readFileSync(join(openapi?.dir ?? '', 'index.mjs.map'), 'utf8'))
      .sources as string[];
    for (const module of [
      'api/openapi-document.ts',
      'domain/ticket/command-schema.ts',
      'api/response-schemas.ts',
    ])
      expect(sources.filter((f) => f.endsWith(module))).toEqual([]);
  });

  it('evaluate their modules as they load, none wrapped to be initialized later', () => {
    // A dynamic import of a project module makes esbuild wrap modules to initialize them on demand,
    // and a wrapped barrel initializes everything it re-exports: every schema, at every cold start.
    const lazyInit = /\w&&\(\w=\w\(\w=0\)\),\w/;
    for (const b of bundles())
      expect(lazyInit.test(readFileSync(join(b.dir, 'index.mjs'), 'utf8')), b.id).toBe(false);
  });

  it('are ESM with source maps, leave the AWS SDK to the runtime and hold no X-Ray SDK or zod locale', () => {
    for (const b of bundles()) {
      const code = readFileSync(join(b.dir, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire')).toBe(true);
      expect(code).toContain('sourceMappingURL=index.mjs.map');
      expect(b.env.NODE_OPTIONS, 'source maps cost cold start time unless the config asks').toBeUndefined();
      // The SDK is required (or imported) from the runtime's, never inlined (its protocol strings).
      if (code.includes('@aws-sdk/'))
        expect(code, b.id).toMatch(/\(import\.meta\.url\)\("@aws-sdk\/[a-z-]+"\)|from"@aws-sdk\/[a-z-]+"/);
      expect(code, b.id).not.toContain('DynamoDB_20120810');
      // Tracing is off in this China-region config: the tracer is a no-op, X-Ray's SDK absent.
      expect(code, b.id).not.toContain('AWS_XRAY_DAEMON_ADDRESS');
      expect(b.env.POWERTOOLS_TRACE_ENABLED).toBe('false');
      // zod's German locale, say: no locale but the default English.
      expect(code, b.id).not.toContain('Ungültige Eingabe');
    }
  });

  it('that may segment entries (the index builder; the searches, to build their own index while none is stored) carry jieba-wasm and load it from the bundle; no other does', () => {
    // Prepare
    const segmenting = bundles().filter((b) => b.env.KNOWLEDGE_INDEX_BUCKET);

    // Act
    const cut = segmenting.map((b) => {
      const require = createRequire(join(b.dir, 'index.mjs'));
      return {
        resolved: require.resolve('jieba-wasm'),
        words: require('jieba-wasm').cut_for_search('住房公积金'),
      };
    });

    // Assess
    expect(segmenting).toHaveLength(3);
    for (const [i, b] of segmenting.entries()) {
      expect(cut[i]?.resolved.startsWith(join(b.dir, 'node_modules/jieba-wasm/')), b.id).toBe(true);
      expect(cut[i]?.words).toContain('公积金');
    }
    for (const b of bundles().filter((x) => !x.env.KNOWLEDGE_INDEX_BUCKET)) {
      expect(existsSync(join(b.dir, 'node_modules')), b.id).toBe(false);
    }
  });
});
