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

/**
 * WAF rate limits (requests in 5 minutes) by the kind of caller, so that no limit meant for one kind
 * stops another: channel systems by their API key (a portal's server or a call centre sends every
 * citizen's request from one address), staff by their token (a centre's staff share an office NAT),
 * the public by IP with room for carrier-grade NAT (thousands of phones behind one address). A
 * request that carries a key or token but is not genuine is refused by API Gateway (key) or the
 * authorizer (token); `credentialedPerIp` bounds how many such requests one address can send.
 */
const wafSchema = z.strictObject({
  /** Requests without a key or token (progress look-ups, OpenAPI), per client IP. */
  publicPerIp: z.number().int().min(100).default(3000),
  /** Progress look-ups per client IP (query codes are also limited per ticket: 10 wrong an hour). */
  progressPerIp: z.number().int().min(100).default(1000),
  /** Requests per API key; default: the largest channel throttle over 5 minutes, plus half. */
  channelPerKey: z.number().int().min(100).optional(),
  /** Requests per staff token (Authorization header). */
  staffPerToken: z.number().int().min(100).default(1500),
  /** Requests with a key or token, per client IP (channel servers, the centre's office). */
  credentialedPerIp: z.number().int().min(100).default(60_000),
});
const WAF_DEFAULTS = {
  publicPerIp: 3000,
  progressPerIp: 1000,
  staffPerToken: 1500,
  credentialedPerIp: 60_000,
};

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
        waf: wafSchema.default(WAF_DEFAULTS),
      })
      .default({ throttle: { rateLimit: 200, burstLimit: 400 }, waf: WAF_DEFAULTS }),
    /**
     * The API's own domain name (the China regions need one with an ICP filing for any request
     * without IAM signing): a custom domain with its certificate in ACM of the same region. The
     * stack outputs the target to point a CNAME at.
     */
    customDomain: z
      .strictObject({
        /** e.g. `api.12345.anhui.gov.cn` */
        domainName: z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lowercase DNS name'),
        /** ARN of the ACM certificate for that name, in the deployment's region (imported or issued). */
        certificateArn: z
          .string()
          .regex(
            /^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'an ACM certificate ARN',
          ),
        /** Mapped under this path (empty: the API is the domain's root). */
        basePath: z
          .string()
          .regex(/^[a-z0-9-]*$/)
          .default(''),
      })
      .optional(),
    /**
     * The console's own domain name on CloudFront. In the China regions CloudFront serves only on
     * an ICP-filed domain of the account, with a certificate uploaded to IAM (`iamCertificateId`,
     * CloudFront there has no ACM); elsewhere an ACM certificate in us-east-1 (`certificateArn`).
     * The stack outputs the distribution's name to point a CNAME at, and the console's URL is then
     * `https://<domainName>/` (the sign-in's return address).
     */
    consoleDomain: z
      .strictObject({
        domainName: z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lowercase DNS name'),
        iamCertificateId: z
          .string()
          .regex(/^[A-Z0-9]{21}$/, 'an IAM server certificate id (ASCA…, 21 characters)')
          .optional(),
        certificateArn: z
          .string()
          .regex(
            /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
            'an ACM certificate ARN in us-east-1',
          )
          .optional(),
      })
      .optional(),
    /**
     * X-Ray active tracing of the functions, the API stage and the state machines. Default: on, except
     * in the China regions (`cn-*`), where Lambda has no X-Ray integration; off, the tracer is not
     * even bundled.
     */
    tracing: z.boolean().optional(),
    /**
     * Stack traces in the functions' logs mapped to the source files (Node's
     * `--enable-source-maps`). Off by default: loading the map adds some 13 ms to every cold start;
     * the maps are bundled either way, to read a minified trace by.
     */
    sourceMapStackTraces: z.boolean().default(false),
    /**
     * How a release reaches traffic. Every function runs a published version behind its `live`
     * alias, and CodeDeploy moves the alias: `canary` (10 % for 5 minutes, then all), `linear` (10 %
     * more each minute) or `allAtOnce`; while it moves, the function's error alarm rolls it back.
     */
    functionRollout: z.enum(['canary', 'linear', 'allAtOnce']).default('canary'),
    /**
     * The data of an earlier deployment of this place and stage, retained when its data stack was
     * destroyed: the data stack then re-attaches them instead of creating a new, empty table and a
     * new hash key (which would break repeat detection). See "Teardown, and coming back".
     */
    retainedData: z
      .strictObject({
        /** The table's key (`aws dynamodb describe-table … --query Table.SSEDescription.KMSMasterKeyArn`). */
        keyArn: z
          .string()
          .regex(/^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, 'a KMS key ARN'),
        tableName: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name'),
        /** Its stream (`… --query Table.LatestStreamArn`): the Pipe reads it. */
        tableStreamArn: z
          .string()
          .regex(
            /^arn:aws(-cn|-us-gov)?:dynamodb:[a-z0-9-]+:\d{12}:table\/[^/]+\/stream\/.+$/,
            'a DynamoDB stream ARN',
          ),
        /** The complete ARN of the requester hash key secret (with its six-character suffix). */
        requesterHashKeySecretArn: z
          .string()
          .regex(
            /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/,
            'a complete Secrets Manager secret ARN',
          ),
        /** The report bucket, if the earlier deployment had one; without it a new bucket is made. */
        reportBucketName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
          .optional(),
      })
      .optional(),
    staffAuth: staffAuthSchema.default({ type: 'cognito' }),
    cognito: z
      .strictObject({
        /**
         * Cognito threat protection (Plus feature plan, billed per active user and not offered in
         * every region). Off by default; staff sign in with a required TOTP second factor either way.
         */
        threatProtection: z.boolean().default(false),
        /**
         * The prefix of the console's Cognito sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`),
         * unique in the region across all accounts; default `hotline-<deployment>-<stage>-<account id>`.
         */
        domainPrefix: z
          .string()
          .regex(
            /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
            'lower-case letters, digits and hyphens, at most 63',
          )
          .refine(
            (p) => !/aws|amazon|cognito/.test(p),
            'Cognito refuses prefixes with aws, amazon or cognito',
          )
          .optional(),
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
    const certificateRegion = config.customDomain?.certificateArn.split(':')[3];
    if (certificateRegion && certificateRegion !== config.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['customDomain', 'certificateArn'],
        message: `a regional API's certificate must be in ACM of ${config.region}, not ${certificateRegion}`,
      });
    }
    const consoleDomain = config.consoleDomain;
    if (consoleDomain) {
      const china = config.region.startsWith('cn-');
      const wanted = china ? 'iamCertificateId' : 'certificateArn';
      const other = china ? 'certificateArn' : 'iamCertificateId';
      if (!consoleDomain[wanted])
        ctx.addIssue({
          code: 'custom',
          path: ['consoleDomain', wanted],
          message: china
            ? `CloudFront in ${config.region} takes a certificate uploaded to IAM: give its id`
            : 'CloudFront takes an ACM certificate of us-east-1: give its ARN',
        });
      if (consoleDomain[other])
        ctx.addIssue({
          code: 'custom',
          path: ['consoleDomain', other],
          message: china
            ? `CloudFront in ${config.region} has no ACM`
            : 'IAM certificates are for the China regions',
        });
    }
    const retained = config.retainedData;
    if (retained) {
      for (const [field, arn] of [
        ['keyArn', retained.keyArn],
        ['tableStreamArn', retained.tableStreamArn],
        ['requesterHashKeySecretArn', retained.requesterHashKeySecretArn],
      ] as const) {
        if (arn.split(':')[3] !== config.region) {
          ctx.addIssue({
            code: 'custom',
            path: ['retainedData', field],
            message: `not in ${config.region}, the deployment's region`,
          });
        }
      }
      if (!retained.tableStreamArn.includes(`:table/${retained.tableName}/stream/`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['retainedData', 'tableStreamArn'],
          message: `not a stream of table ${retained.tableName}`,
        });
      }
    }
    if (config.tracing === true && config.region.startsWith('cn-')) {
      ctx.addIssue({
        code: 'custom',
        path: ['tracing'],
        message: `X-Ray integration with Lambda is not offered in ${config.region}: leave tracing out or false`,
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
export type HotlineConfig = Omit<z.output<typeof configSchema>, 'tracing'> & {
  /** X-Ray tracing, with the region's default applied. */
  tracing: boolean;
  /** WAF limits with the per-key default derived from the channels' throttles. */
  waf: Required<z.output<typeof wafSchema>>;
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
  const tracing = config.tracing ?? !config.region.startsWith('cn-');
  const busiest = Math.max(...config.channels.map((c) => c.throttle.rateLimit));
  const waf = { channelPerKey: Math.ceil(busiest * 300 * 1.5), ...config.api.waf };
  // WAF must never refuse what a channel's own usage plan allows (WAF counts over 5 minutes).
  const tooLow = (['channelPerKey', 'credentialedPerIp'] as const).filter((k) => waf[k] < busiest * 300);
  if (tooLow.length > 0) {
    throw new ConfigError(
      source,
      tooLow.map(
        (k) =>
          `api.waf.${k}: ${waf[k]} is below the busiest channel's throttle over 5 minutes (${busiest * 300})`,
      ),
    );
  }
  return { ...config, tracing, waf, effectivePolicy: policy, calendarFiles };
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
