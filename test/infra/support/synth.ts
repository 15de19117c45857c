import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import {
  type HotlineConfig,
  type HotlineConfigInput,
  loadConfig,
  PROJECT_ROOT,
  parseConfig,
} from '../../../infra/cdk/config.ts';
import { type BuildOptions, buildHotline, type HotlineStacks } from '../../../infra/cdk/hotline-app.ts';

/** The example deployment configs, one per regulation's place. */
export const EXAMPLE_CONFIGS = ['anhui', 'pingdingshan', 'changzhou', 'tianning', 'jinzhou'] as const;

/** The feature flags of cdk.json: tests build the app exactly as `cdk synth` does. */
const CDK_CONTEXT = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

export interface Synthesized {
  config: HotlineConfig;
  stacks: HotlineStacks;
  templates: { data: Template; api: Template; workflows: Template; observability: Template };
  assembly: CloudAssembly;
  outdir: string;
}

export interface SynthOptions {
  /**
   * Bundle every function with esbuild (what `cdk synth` does). Off by default: the assertion tests
   * only read templates, and skipping bundling (`aws:cdk:bundling-stacks: []`) keeps them fast.
   */
  bundle?: boolean;
  /** Shared between apps, bundles of identical functions are reused within one test file. */
  outdir?: string;
  build?: BuildOptions;
}

/** An example config by name (infra/config/NAME.json). */
export function exampleConfig(name: string): HotlineConfig {
  return loadConfig(`infra/config/${name}.json`);
}

/** A config for tests: an example config with some fields replaced. */
export function testConfig(base: string, changes: Partial<HotlineConfigInput>, calendarDir?: string) {
  const input = JSON.parse(readFileSync(join(PROJECT_ROOT, `infra/config/${base}.json`), 'utf8'));
  return parseConfig(
    { ...input, ...changes },
    { source: `test config (${base})`, ...(calendarDir && { calendarDir }) },
  );
}

/**
 * Builds and synthesizes the app of `config` offline, cdk-nag included. A validation failure (an
 * unacknowledged cdk-nag finding, a CloudFormation rule) throws with the report attached.
 */
export function synthesize(config: HotlineConfig, options: SynthOptions = {}): Synthesized {
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'hotline-cdk-'));
  const app = new App({
    outdir,
    context: { ...CDK_CONTEXT, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stacks = buildHotline(app, config, options.build);
  let assembly: CloudAssembly;
  try {
    assembly = app.synth();
  } catch (error) {
    const report = join(outdir, 'validation-report.json');
    const details = existsSync(report) ? `\n${readFileSync(report, 'utf8')}` : '';
    throw new Error(`${(error as Error).message}${details}`);
  }
  return {
    config,
    stacks,
    assembly,
    outdir,
    templates: {
      data: Template.fromStack(stacks.data),
      api: Template.fromStack(stacks.api),
      workflows: Template.fromStack(stacks.workflows),
      observability: Template.fromStack(stacks.observability),
    },
  };
}

type Json = Record<string, unknown>;

/** Every resource of a template as `[logicalId, resource]`, optionally of one type. */
export function resources(template: Template, type?: string): [string, Json & { Properties: Json }][] {
  const all = Object.entries(template.toJSON().Resources as Record<string, Json & { Properties?: Json }>).map(
    ([id, r]) => [id, { ...r, Properties: r.Properties ?? {} }] as [string, Json & { Properties: Json }],
  );
  return type ? all.filter(([, r]) => r.Type === type) : all;
}

export interface IamStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every identity-based policy (inline role policies and AWS::IAM::Policy). */
export function iamStatements(template: Template): { policy: string; statement: IamStatement }[] {
  const found: { policy: string; statement: IamStatement }[] = [];
  for (const [id, r] of resources(template)) {
    const documents: unknown[] = [];
    if (r.Type === 'AWS::IAM::Policy') documents.push(r.Properties?.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of (r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) {
        documents.push(p.PolicyDocument);
      }
    }
    for (const doc of documents) {
      for (const statement of (doc as { Statement: IamStatement[] }).Statement) {
        found.push({ policy: id, statement });
      }
    }
  }
  return found;
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** The one resource of a type in a template, as `[logicalId, resource]`; throws unless exactly one. */
export function only(template: Template, type: string): [string, Json & { Properties: Json }] {
  const found = resources(template, type);
  if (found.length !== 1 || !found[0]) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
