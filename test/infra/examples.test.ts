import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/cdk/config.ts';
import { EXAMPLE_CONFIGS, exampleConfig, resources, type Synthesized, synthesize } from './support/synth.ts';

/**
 * Every example config synthesizes as `cdk synth` would: offline, without AWS credentials, with
 * local esbuild bundling (Docker is made unusable) and with cdk-nag AwsSolutions reporting nothing
 * unacknowledged (a finding fails the synthesis). The apps share one output folder, so identical
 * function bundles are built once.
 */

/** No credentials, no instance metadata, no Docker, no network for the CLI. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^AWS_|^CDK_/.test(k)) env[k] = v;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    CDK_DOCKER: '/nonexistent/docker',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
  };
}

const synthesized: Record<string, Synthesized> = {};

/**
 * Every Lambda bundle (index.mjs, minified, source map apart) stays under 250 KB (issue 8): zod/mini
 * (~45 KB, its JSON Schema generator left out), Powertools (~36 KB) and the calendar's data (~11 KB)
 * leave each function about 150 KB of its own. The report functions carry only the decider's openSupervision (decide-open-supervision.ts),
 * intake only its registration (decide-registration.ts).
 */
const BUNDLE_LIMIT_KB = 250;

beforeAll(() => {
  const saved = Object.entries(process.env).filter(([k]) => /^AWS_|^CDK_DOCKER$/.test(k));
  for (const [k] of saved) delete process.env[k];
  process.env.CDK_DOCKER = '/nonexistent/docker';
  try {
    const outdir = mkdtempSync(join(tmpdir(), 'hotline-examples-'));
    for (const name of EXAMPLE_CONFIGS) {
      synthesized[name] = synthesize(exampleConfig(name), { bundle: true, outdir });
    }
  } finally {
    delete process.env.CDK_DOCKER;
    for (const [k, v] of saved) process.env[k] = v;
  }
  // Five bundled apps: minutes on a busy machine.
}, 900_000);

describe('Example configs', () => {
  it.each(EXAMPLE_CONFIGS)('%s synthesizes all its stacks with bundled functions and the console', (name) => {
    // Prepare
    const s = synthesized[name];
    if (!s) throw new Error(`${name} did not synthesize`);

    // Act
    const artifacts = s.assembly.stacks.map((a) => a.stackName).sort();
    const functions = [
      ...resources(s.templates.api, 'AWS::Lambda::Function'),
      ...resources(s.templates.workflows, 'AWS::Lambda::Function'),
    ];

    // Assess
    expect(s.stacks.skipped.filter((n) => n.includes('workflows'))).toEqual([]);
    expect(artifacts).toEqual(
      ['Api', 'Console', 'Data', 'Observability', 'Workflows'].map((c) => `Hotline-${name}-prod-${c}`),
    );
    for (const [id, fn] of functions) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const dir = join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(dir, 'index.mjs')), `${id} bundle`).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), `${id} source map`).toBe(true);
      expect(existsSync(join(dir, 'calendar')), `${id} calendar folder`).toBe(true);
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8').slice(0, 200)).toContain('createRequire');
    }
  });

  it.each(EXAMPLE_CONFIGS)('%s: every function bundle stays under its ceiling (minified)', (name) => {
    // Prepare
    const s = synthesized[name];
    if (!s) throw new Error(`${name} did not synthesize`);

    // Act
    const sizes = [s.templates.api, s.templates.workflows].flatMap((t) =>
      resources(t, 'AWS::Lambda::Function').map(([id, fn]) => {
        const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
        return { id, kb: statSync(join(s.outdir, `asset.${key}`, 'index.mjs')).size / 1024 };
      }),
    );

    // Assess
    expect(sizes.length).toBeGreaterThan(10);
    for (const { id, kb } of sizes)
      expect(kb, `${id}: ${kb.toFixed(1)} KB`).toBeLessThanOrEqual(BUNDLE_LIMIT_KB);
  });

  it('no function bundle holds classic zod: their schemas are built with zod/mini', () => {
    // Prepare: classic zod's code costs a cold start some 8 ms more to load and set up than mini's.
    const s = synthesized.anhui;
    if (!s) throw new Error('anhui did not synthesize');
    const functions = [s.templates.api, s.templates.workflows].flatMap((t) =>
      resources(t, 'AWS::Lambda::Function'),
    );

    // Act
    const zodFiles = functions.map(([id, fn]) => {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const map = JSON.parse(readFileSync(join(s.outdir, `asset.${key}`, 'index.mjs.map'), 'utf8'));
      return { id, files: (map.sources as string[]).filter((f) => /\/zod-v4\//.test(f)) };
    });

    // Assess
    expect(zodFiles.filter(({ files }) => files.some((f) => f.includes('/zod-v4/mini/')))).not.toEqual([]);
    for (const { id, files } of zodFiles)
      expect(
        files.filter((f) => f.includes('/zod-v4/classic/')),
        id,
      ).toEqual([]);
  });

  it('intake carries the decider of registrations alone', () => {
    // Prepare
    const s = synthesized.anhui;
    if (!s) throw new Error('anhui did not synthesize');
    const [intake, ...others] = resources(s.templates.api, 'AWS::Lambda::Function').filter(([id]) =>
      /^ApiIntake/i.test(id),
    );
    if (!intake) throw new Error('no intake function');

    // Act
    const key = (intake[1].Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const map = JSON.parse(readFileSync(join(s.outdir, `asset.${key}`, 'index.mjs.map'), 'utf8'));
    const files = (map.sources as string[]).filter((f) => f.includes('domain/ticket/decide'));

    // Assess
    expect(others).toEqual([]);
    expect(files.map((f) => f.replace(/^.*domain\/ticket\//, '')).sort()).toEqual([
      'decide-registration.ts',
      'decide/intake.ts',
    ]);
  });

  it('the functions that only search and read the knowledge base build none of its command schemas', () => {
    // Prepare: a module's top-level schemas are built at every cold start of a bundle that holds it.
    const s = synthesized.anhui;
    if (!s) throw new Error('anhui did not synthesize');
    const readers = resources(s.templates.api, 'AWS::Lambda::Function').filter(([id]) =>
      /^Api(Search|Selfservice)/i.test(id),
    );

    // Act
    const sources = readers.map(([id, fn]) => {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const map = JSON.parse(readFileSync(join(s.outdir, `asset.${key}`, 'index.mjs.map'), 'utf8'));
      return { id, sources: (map.sources as string[]).map((f) => f.replace(/^(\.\.\/)+/, '')) };
    });

    // Assess
    expect(readers).toHaveLength(2);
    for (const { id, sources: files } of sources) {
      expect(
        files.some((f) => f.endsWith('api/knowledge-search-schemas.ts')),
        id,
      ).toBe(true);
      for (const heavy of [
        'domain/knowledge/commands.ts',
        'domain/knowledge/content-schema.ts',
        'api/knowledge-schemas.ts',
      ])
        expect(
          files.filter((f) => f.endsWith(heavy)),
          id,
        ).toEqual([]);
    }
  });

  it('the cdk CLI synthesizes the anhui config from cdk.json, offline and without credentials', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
    const env = offlineEnv();
    env.PATH = `${join(PROJECT_ROOT, 'node_modules/.bin')}:${env.PATH ?? ''}`;

    // Act
    const result = spawnSync(
      join(PROJECT_ROOT, 'node_modules/.bin/cdk'),
      ['synth', '-c', 'config=infra/config/anhui.json', '-q', '--no-notices', '-o', out],
      // Generous: on a busy machine bundling alone takes minutes (tests wait for conditions, not time).
      { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 280_000 },
    );

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.template.json'))
        .sort(),
    ).toEqual(
      ['Api', 'Console', 'Data', 'Observability', 'Workflows'].map(
        (c) => `Hotline-anhui-prod-${c}.template.json`,
      ),
    );
  }, 300_000);

  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
  const regions = [...new Set(EXAMPLE_CONFIGS.map((name) => exampleConfig(name).region))].sort();
  // One cfn-lint run per region (it takes most of a minute to start and load its schemas).
  it.skipIf(!cfnLint).each(regions)(
    'cfn-lint finds nothing in the templates of the configs in %s, checked for that region',
    (region) => {
      const templates = Object.values(synthesized)
        .filter((s) => s.config.region === region)
        .flatMap((s) => s.assembly.stacks.map((a) => join(s.outdir, a.templateFile)));
      expect(templates.length).toBeGreaterThanOrEqual(4);
      // W3005 (DependsOn next to a GetAtt) is how CDK orders a role's policy before its function.
      let output = '';
      try {
        output = execFileSync(
          'cfn-lint',
          ['--regions', region, '--ignore-checks', 'W3005', '--', ...templates],
          {
            encoding: 'utf8',
          },
        );
      } catch (error) {
        output = (error as { stdout?: string }).stdout ?? String(error);
      }
      expect(output.trim(), region).toBe('');
    },
    300_000,
  );
});
