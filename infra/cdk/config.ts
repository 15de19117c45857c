import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadOperatorSchedules } from '../../functions/adapters/calendar-store.ts';
import { CHANNELS, type Policy, PRESETS } from '../../functions/domain/policy/index.ts';
import { effectivePolicy, PolicyOverrideError } from './policy.ts';

/**
 * The deployment config of one hotline: a JSON file under infra/config/, chosen with
 * `cdk synth|deploy -c config=infra/config/NAME.json`. Everything a province or city decides about
 * its deployment is here; everything else is the same for every deployment.
 *
 * @example
 * ```json
 * {
 *   "deployment": "anhui",
 *   "region": "cn-north-1",
 *   "stage": "prod",
 *   "policy": { "preset": "anhui-2021" },
 *   "channels": [{ "id": "web-portal", "name": "Provincial web portal", "channels": ["web"],
 *                  "throttle": { "rateLimit": 20, "burstLimit": 40 },
 *                  "quota": { "limit": 20000, "period": "DAY" } }],
 *   "webOrigins": ["https://12345.ah.gov.cn"],
 *   "alarmEmail": "ops@example.gov.cn",
 *   "calendarYears": []
 * }
 * ```
 */

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Operator year schedules (`hotline calendar load` writes here). */
export const CALENDAR_DIR = join(PROJECT_ROOT, 'infra/calendar');

const slug = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,23}$/, `${what}: lowercase letters, digits and dashes, starting with a letter`);

/** Retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const channelKeySchema = z.strictObject({
  /** Names the API key and its usage plan, e.g. `wechat-mini-program`. */
  id: slug('channel id'),
  /** What the operator calls it. */
  name: z.string().trim().min(1).max(100),
  /** The intake channels (policy `channels`) this key posts tickets for; recorded in the directory. */
  channels: z.array(z.enum(CHANNELS)).nonempty(),
  /** Steady-state requests per second and burst for this key (usage plan throttle). */
  throttle: z.strictObject({
    rateLimit: z.number().positive().max(10_000),
    burstLimit: z.number().int().positive().max(5_000),
  }),
  /** Requests per period for this key (usage plan quota). */
  quota: z.strictObject({
    limit: z.number().int().positive(),
    period: z.enum(['DAY', 'WEEK', 'MONTH']),
  }),
});

/**
 * How staff prove who they are. `cognito`: a Cognito user pool of this deployment (custom attributes
 * `custom:role` and `custom:unitId`, a group per role). `oidc`: ID tokens of the province's own
 * OpenID Connect identity provider (e.g. its unified identity platform), verified by the
 * staff-authorizer function; needed where Cognito user pools are not offered (the China regions).
 */
const staffAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('cognito') }),
  z.strictObject({
    type: z.literal('oidc'),
    /** The `iss` of the tokens, e.g. `https://id.example.gov.cn/realms/hotline`. */
    issuer: z.url({ protocol: /^https$/ }),
    /** The `aud` the tokens must carry (the staff desk's client id at the provider). */
    audience: z.string().min(1),
    /** Where the provider publishes its signing keys; default: from the issuer's discovery document. */
    jwksUri: z.url({ protocol: /^https$/ }).optional(),
    /** The claims that carry the hotline role and the unit id. */
    roleClaim: z.string().min(1).default('hotline_role'),
    unitClaim: z.string().min(1).default('hotline_unit'),
  }),
]);

export const configSchema = z
  .strictObject({
    /** The place, e.g. `anhui`; part of every stack name. */
    deployment: slug('deployment'),
    /** Optional 12-digit account id; without it the stacks deploy to the CLI's current account. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /** The AWS region, e.g. `cn-north-1` (Beijing), `cn-northwest-1` (Ningxia). */
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as cn-north-1'),
    /** `prod`, `staging`, `test`…: part of the stack names and the API stage name. */
    stage: slug('stage'),
    policy: z.strictObject({
      /** One of the presets in functions/domain/policy/presets (`hotline policy list`). */
      preset: z.string().refine((id) => Object.hasOwn(PRESETS, id), {
        message: `unknown preset; known: ${Object.keys(PRESETS).join(', ')}`,
      }),
      /**
       * Fields that replace the preset's: objects merge field by field, arrays and values replace.
       * A change must raise `version` above the preset's, so deadlines say which rules made them.
       */
      overrides: z.record(z.string(), z.unknown()).default({}),
    }),
    /** One API key and usage plan each: the portals, apps and platforms that post requests. */
    channels: z
      .array(channelKeySchema)
      .nonempty()
      .refine((list) => new Set(list.map((c) => c.id)).size === list.length, {
        message: 'channel ids must be unique',
      }),
    /** Browser origins allowed by CORS, e.g. `https://12345.example.gov.cn`; empty = no browser access. */
    webOrigins: z
      .array(z.url({ protocol: /^https$/ }).regex(/^https:\/\/[^/]+$/, 'an origin: https://host[:port]'))
      .default([]),
    /** Who receives the alarms (an SNS email subscription to confirm once). */
    alarmEmail: z.email(),
    /** Operator year schedules to deploy: each `infra/calendar/YYYY.json` must exist and be valid. */
    calendarYears: z
      .array(z.number().int().min(1901).max(2099))
      .default([])
      .refine((ys) => new Set(ys).size === ys.length, { message: 'years must be unique' }),
    /** How long function, API and workflow logs are kept (days, a value CloudWatch accepts). */
    logRetentionDays: z
      .number()
      .refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), {
        message: `one of ${RETENTION_DAYS.join(', ')}`,
      })
      .default(365),
    api: z
      .strictObject({
        /** Stage-wide throttle, also for the routes without a key (progress look-ups, OpenAPI). */
        throttle: z
          .strictObject({
            rateLimit: z.number().positive(),
            burstLimit: z.number().int().positive(),
          })
          .default({ rateLimit: 200, burstLimit: 400 }),
        /** WAF: requests per client IP in 5 minutes, all routes (rate-based rule). */
        wafRequestsPer5Minutes: z.number().int().min(10).default(2000),
        /** WAF: requests per client IP in 5 minutes on /v1/progress (guessing query codes). */
        wafProgressPer5Minutes: z.number().int().min(10).default(100),
      })
      .default({
        throttle: { rateLimit: 200, burstLimit: 400 },
        wafRequestsPer5Minutes: 2000,
        wafProgressPer5Minutes: 100,
      }),
    staffAuth: staffAuthSchema.default({ type: 'cognito' }),
    cognito: z
      .strictObject({
        /**
         * Cognito threat protection (Plus feature plan, billed per active user and not offered in
         * every region). Off by default; staff sign in with a required TOTP second factor either way.
         */
        threatProtection: z.boolean().default(false),
      })
      .default({ threatProtection: false }),
  })
  .superRefine((config, ctx) => {
    if (config.staffAuth.type === 'cognito' && config.region.startsWith('cn-')) {
      ctx.addIssue({
        code: 'custom',
        path: ['staffAuth'],
        message: `Cognito user pools are not offered in ${config.region}: use {"type": "oidc", …} with the province's identity provider`,
      });
    }
    const preset = PRESETS[config.policy.preset];
    if (!preset) return;
    const known = new Set<string>(preset.channels);
    config.channels.forEach((c, i) => {
      c.channels.forEach((ch, j) => {
        if (!known.has(ch)) {
          ctx.addIssue({
            code: 'custom',
            path: ['channels', i, 'channels', j],
            message: `"${ch}" is not a channel of policy ${preset.id} (${preset.channels.join(', ')})`,
          });
        }
      });
    });
  });

export type HotlineConfigInput = z.input<typeof configSchema>;

/** A validated deployment config, with the policy it deploys and the year schedules it bundles. */
export type HotlineConfig = z.output<typeof configSchema> & {
  /** The preset with the overrides applied and validated. */
  effectivePolicy: Policy;
  /** Absolute paths of the year schedule files to bundle into every function. */
  calendarFiles: string[];
};

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`invalid deployment config ${source}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ParseConfigOptions {
  /** Where the year schedules are (default infra/calendar). */
  calendarDir?: string;
  /** Named in error messages. */
  source?: string;
}

/** Validates a config object: schema, channels against the policy, overrides, year schedules. */
export function parseConfig(input: unknown, options: ParseConfigOptions = {}): HotlineConfig {
  const source = options.source ?? '(config)';
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const config = parsed.data;
  let policy: Policy;
  try {
    policy = effectivePolicy(config.policy.preset, config.policy.overrides);
  } catch (error) {
    if (error instanceof PolicyOverrideError) {
      throw new ConfigError(
        source,
        error.issues.map((i) => `policy.overrides.${i.path}: ${i.message}`),
      );
    }
    throw error;
  }
  const calendarDir = options.calendarDir ?? CALENDAR_DIR;
  const calendarFiles = config.calendarYears.map((year) => join(calendarDir, `${year}.json`));
  const missing = calendarFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new ConfigError(
      source,
      missing.map(
        (f) =>
          `calendarYears: no schedule ${basename(f)} in ${calendarDir} (load it: npx hotline calendar load)`,
      ),
    );
  }
  // Validates every stored schedule (and that each file holds the year of its name).
  loadOperatorSchedules(calendarDir);
  return { ...config, effectivePolicy: policy, calendarFiles };
}

/** Reads and validates `file` (relative to the project root or absolute). */
export function loadConfig(file: string, options: Omit<ParseConfigOptions, 'source'> = {}): HotlineConfig {
  const path = resolve(PROJECT_ROOT, file);
  if (!existsSync(path)) throw new ConfigError(file, [`no such file: ${path}`]);
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, [`not JSON: ${(error as Error).message}`]);
  }
  return parseConfig(input, { ...options, source: file });
}
