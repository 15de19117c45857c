import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { RUNTIME_SDK } from '../../infra/cdk/bundling/lean-bundles.ts';
import { PROJECT_ROOT } from '../../infra/cdk/config.ts';
import { exampleConfig, resources, synthesize } from '../infra/support/synth.ts';

/**
 * npm run bench:init — cold start of every Lambda bundle of `cdk synth` (the CDK's own assets, built
 * by HotlineFunction), beside a bundle holding only a bare DynamoDB client doing one GetItem (the AWS
 * SDK bundled in, default credential chain), in the same run, and two reference bundles (REFERENCES).
 *
 * Each run is a fresh Node 24 process (the project's own `node`) that imports the bundle and answers
 * one request, timed from the import to the answer. The network is a local mock of the AWS APIs
 * (AWS_ENDPOINT_URL), so no request leaves the machine. The AWS SDK that the runtime provides (the
 * bundles leave it out) is loaded the way the runtime loads it: from files, the project's
 * node_modules standing in for /var/runtime/node_modules. The process's own start-up is the same for
 * every bundle and not counted. The function's environment is the template's, with fake names for
 * resources and NODE_OPTIONS applied.
 *
 * Prints one line per bundle (the references first) and ends with `init_ratio_max=<slowest bundle ÷ bare client>`
 * (medians of BENCH_RUNS cold starts each, default 7). BENCH_CONFIG picks the config (default anhui);
 * BENCH_PROFILE=<folder> writes a CPU profile of each cold start there, one folder per function
 * with the bundle it profiled and its source map (open them in Chrome's DevTools).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CONFIG = process.env.BENCH_CONFIG ?? 'anhui';
/** BENCH_ONLY=api-intake,api-reports: those functions alone (beside the bare client). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const PROFILE = process.env.BENCH_PROFILE && resolve(process.env.BENCH_PROFILE);
/**
 * BENCH_LATENCY_MS=<n>: the mocked AWS APIs answer each request n ms late, as a network would (default
 * 0, the figures the target is stated in): requests made one after another then cost what
 * they would, and requests made together do not add up.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
const REGION = 'cn-north-1';

/** What the child process runs: import, one request, timings as JSON on stdout. */
const CHILD = `
const [file, eventJson] = process.argv.slice(2);
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws-cn:lambda:${REGION}:123456789012:function:bench',
  memoryLimitInMB: '512', awsRequestId: 'bench-request', logGroupName: 'bench', logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: true,
};
const t0 = performance.now();
const mod = await import(file);
const t1 = performance.now();
let outcome;
try {
  const result = await mod.handler(JSON.parse(eventJson), context);
  outcome = result?.statusCode ?? (result?.policyDocument ? 'policy' : 'ok');
} catch (error) {
  outcome = 'threw:' + (error?.name ?? 'error');
}
const t2 = performance.now();
process.stdout.write('\\n' + JSON.stringify({ importMs: t1 - t0, requestMs: t2 - t1, outcome, rssMb: process.memoryUsage().rss / 2 ** 20 }) + '\\n');
process.exit(0);
`;

/** The bare client: one GetItem, nothing else. */
const BARE = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const out = await client.send(new GetItemCommand({ TableName: 'hotline-bench', Key: { pk: { S: 'T#1' }, sk: { S: 'STATE' } } }));
  return { statusCode: out.Item ? 200 : 404 };
};
`;

/** The bare client and an S3 client: one GetItem, one GetObject (of an object the mock does not have). */
const BARE_WITH_S3 = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
const client = new DynamoDBClient({});
const s3 = new S3Client({});
export const handler = async () => {
  const out = await client.send(new GetItemCommand({ TableName: 'hotline-bench', Key: { pk: { S: 'T#1' }, sk: { S: 'STATE' } } }));
  await s3.send(new GetObjectCommand({ Bucket: 'hotline-bench', Key: 'none' })).catch(() => undefined);
  return { statusCode: out.Item ? 200 : 404 };
};
`;

/**
 * The bundles every run times besides the functions. The first, the SDK bundled in, is what each
 * ratio divides by; the others are printed for reference, not counted in `init_ratio_max`: the same
 * code with the SDK left out and loaded from files (the floor of any function built that way), and
 * with an S3 client beside it (the floor of a function that reads or writes an object on its first
 * request).
 */
const REFERENCES = [
  { name: 'bare-dynamodb-client', source: BARE, sdkFromFiles: false },
  { name: 'ref-bare-client-sdk-from-files', source: BARE, sdkFromFiles: true },
  { name: 'ref-bare-client-and-s3-sdk-from-files', source: BARE_WITH_S3, sdkFromFiles: true },
] as const;

/**
 * Answers the AWS JSON protocols the functions use, by X-Amz-Target, with empty but valid results;
 * S3 (REST, no target) as a bucket without the object asked for, that takes what is put in it.
 */
function mockAws(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    if (!req.headers['x-amz-target'] && req.method === 'PUT') {
      // S3 PutObject (a stored index or report), or CloudFormation's response URL.
      res.writeHead(200, { etag: '"bench"', 'x-amz-request-id': 'bench' });
      res.end();
      return;
    }
    if (!req.headers['x-amz-target']) {
      res.writeHead(404, { 'content-type': 'application/xml', 'x-amz-request-id': 'bench' });
      res.end(
        req.method === 'HEAD'
          ? undefined
          : '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>',
      );
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.split('.').pop() ?? '';
    const directory = directoryAnswer(action, body);
    const answers: Record<string, unknown> = {
      GetItem: directory ?? {},
      // The ticket number's counter and the report tallies: the first of the day.
      UpdateItem: { Attributes: { n: { N: '1' } } },
      Query: directory ?? { Items: [], Count: 0, ScannedCount: 0 },
      BatchGetItem: directory ?? { Responses: {}, UnprocessedKeys: {} },
      TransactGetItems: { Responses: [] },
      GetSecretValue: { Name: 'bench', SecretString: 'b'.repeat(64) },
      StartExecution: {
        executionArn: `arn:aws-cn:states:${REGION}:123456789012:execution:m:e`,
        startDate: 0,
      },
      StopExecution: { stopDate: 0 },
      PutEvents: { FailedEntryCount: 0, Entries: [] },
    };
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'bench' });
    res.end(JSON.stringify(answers[action] ?? {}));
  });
}

/** The demo directory's entries a request names (channel key, unit, region, category), as stored items. */
const DIRECTORY: Record<string, object> = {
  channel: { id: 'bench-key', name: '政府网站', channels: ['web'] },
  unit: { id: 'ss-urban', name: '蜀山区城管局', level: 'county', regionId: 'shushan' },
  region: { id: 'shushan', name: '蜀山区', level: 'county' },
  catalogue: { id: 'noise', name: '噪音扰民', unitId: 'ss-urban', level: 'county' },
};

/** A directory read (`DIR#<kind>`) answered with the demo entries of the kinds it asks for, as intake would find them. */
function directoryAnswer(action: string, body: string): object | undefined {
  const items = [...body.matchAll(/"S":"DIR#(\w+)"/g)].flatMap(([, kind]) => {
    const entry = kind ? DIRECTORY[kind] : undefined;
    if (!entry) return [];
    const id = (entry as { id: string }).id;
    return [{ pk: { S: `DIR#${kind}` }, sk: { S: id }, entry: { S: JSON.stringify(entry) } }];
  });
  if (items.length === 0) return undefined;
  if (action === 'GetItem') return { Item: items[0] };
  if (action === 'Query') return { Items: items.slice(0, 1), Count: 1, ScannedCount: 1 };
  if (action === 'BatchGetItem') {
    const table = Object.keys((JSON.parse(body) as { RequestItems: object }).RequestItems)[0] ?? '';
    return { Responses: { [table]: items }, UnprocessedKeys: {} };
  }
  return undefined;
}

const staff = { sub: 'bench-dispatcher', role: 'dispatcher', principalId: 'bench-dispatcher' };

function apiEvent(method: string, path: string, params: Record<string, string>, extra: object = {}) {
  return {
    httpMethod: method,
    resource: path,
    path: path.replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? p),
    pathParameters: Object.keys(params).length > 0 ? params : null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    headers: { 'content-type': 'application/json', origin: 'https://bench.example' },
    multiValueHeaders: {},
    body: null,
    isBase64Encoded: false,
    stageVariables: null,
    requestContext: {
      requestId: 'bench',
      httpMethod: method,
      resourcePath: path,
      stage: 'prod',
      identity: { sourceIp: '192.0.2.1', apiKeyId: 'bench-key' },
      authorizer: staff,
    },
    ...extra,
  };
}

/** A ticket event as the bus delivers it to a rule's target. */
function busEvent(type: string) {
  return {
    source: 'hotline.tickets',
    'detail-type': type,
    detail: {
      ticketId: '6d1f3c1e-9a7b-4c1e-8f00-00000000b001',
      seq: 1,
      type,
      event: {
        type,
        at: '2026-12-02T10:00:00+08:00',
        channel: 'web',
        category: 'noise',
        regionId: 'shushan',
        priorReports: { sameRequester: 0, sameMatter: 0 },
      },
    },
  };
}

/**
 * One realistic request per function, by the function's short name (a function missing here is
 * printed with `outcome=no-event`: add its request). Against the mocked, empty AWS APIs a read
 * may well answer 404; what counts is that the request runs its handler's whole path.
 */
const EVENTS: Record<string, unknown> = {
  'api-intake': apiEvent(
    'POST',
    '/v1/tickets',
    {},
    {
      headers: {
        'content-type': 'application/json',
        'idempotency-key': '6d1f3c1e-9a7b-4c1e-8f00-000000000001',
      },
      body: JSON.stringify({
        channel: 'web',
        type: 'complaint',
        category: 'noise',
        regionId: 'shushan',
        content: '夜间施工噪音',
        requester: { name: '测试', phone: '13900000001' },
      }),
    },
  ),
  'api-progress': apiEvent(
    'GET',
    '/v1/progress/{ticketNo}',
    { ticketNo: '20261202000001' },
    { queryStringParameters: { code: 'ABCDEFGH' } },
  ),
  'api-tickets': apiEvent('GET', '/v1/tickets/{id}', { id: '6d1f3c1e-9a7b-4c1e-8f00-00000000b001' }),
  'api-commands': apiEvent(
    'POST',
    '/v1/tickets/{id}/{action}',
    { id: '6d1f3c1e-9a7b-4c1e-8f00-00000000b001', action: 'dispatch' },
    {
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ leadUnit: 'ss-urban', level: 'county' }),
    },
  ),
  'api-directory': apiEvent('GET', '/v1/directory/{kind}', { kind: 'unit' }),
  'api-openapi': apiEvent('GET', '/openapi.json', {}),
  'staff-authorizer': {
    type: 'TOKEN',
    authorizationToken: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2ln',
    methodArn: `arn:aws-cn:execute-api:${REGION}:123456789012:abc/prod/GET/v1/tickets`,
  },
  'api-queues': apiEvent('GET', '/v1/queues/{queue}', { queue: 'intake' }),
  'api-calendar': apiEvent(
    'GET',
    '/v1/calendar/years',
    {},
    { queryStringParameters: { from: '2026', to: '2028' } },
  ),
  'api-knowledge': apiEvent('GET', '/v1/knowledge/{id}', { id: '6d1f3c1e-9a7b-4c1e-8f00-00000000c001' }),
  'api-search': apiEvent('GET', '/v1/knowledge/search', {}, { queryStringParameters: { q: '夜间施工噪音' } }),
  'api-selfservice': apiEvent(
    'GET',
    '/v1/public/knowledge/search',
    {},
    { queryStringParameters: { q: '夜间施工噪音' } },
  ),
  'api-reports': apiEvent('GET', '/v1/reports/{reportType}/{period}', {
    reportType: 'monthly',
    period: '2026-11',
  }),
  'api-assessment': apiEvent(
    'GET',
    '/v1/assessment/scores',
    {},
    { queryStringParameters: { month: '2026-11' } },
  ),
  'task-timer': {
    ticketId: '6d1f3c1e-9a7b-4c1e-8f00-00000000b001',
    clockIds: ['handling'],
    purpose: 'clock',
    timer: { id: 'handling:remind', at: '2026-12-02T10:00:00+08:00' },
  },
  'task-project-assessment': busEvent('TicketRegistered'),
  'task-merge-group': busEvent('TicketMerged'),
  'task-count-reports': busEvent('TicketRegistered'),
  'task-monthly-close': { step: 'resolve', input: { time: '2026-12-01T00:00:00+08:00' } },
  'task-knowledge-review': { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
  'task-recount-provisional': {},
  'task-scheduled-reports': { job: 'clusterSweep', time: '2026-12-02T00:30:00+08:00' },
  // What its rule every five minutes sends (the daily run over 30 days sends lookBackDays: 30).
  'task-sweeper': { lookBackDays: 1 },
  'task-publish-events': [],
  'task-start-timers': busEvent('TicketDispatched'),
  'task-stop-timers': {
    source: 'hotline.tickets',
    'detail-type': 'ClocksEnded',
    detail: { ticketId: '6d1f3c1e-9a7b-4c1e-8f00-00000000b001', version: 2, clockIds: ['handling'] },
  },
  'task-build-knowledge-index': {
    source: 'hotline.knowledge',
    'detail-type': 'VersionPublished',
    detail: { entryId: '6d1f3c1e-9a7b-4c1e-8f00-00000000c001', seq: 2, type: 'VersionPublished' },
  },
};

/** The template's environment, with fake values for references to resources. */
function environment(variables: Record<string, unknown>, dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string') env[name] = value;
    else if (name.endsWith('_ARN')) env[name] = `arn:aws-cn:service:${REGION}:123456789012:bench-${name}`;
    else env[name] = `bench-${name.toLowerCase()}`;
  }
  // Files the bundle carries (the policy, the year schedules, the OpenAPI document) are where
  // the bundle was unpacked, not under /var/task.
  for (const [name, value] of Object.entries(env)) {
    if (value.startsWith('/var/task/')) env[name] = join(dir, value.slice('/var/task/'.length));
  }
  return env;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

type Run = { importMs: number; requestMs: number; outcome: string; rssMb: number };

/** One cold start: a fresh process imports the bundle and answers one request. */
async function coldStart(
  name: string,
  file: string,
  event: unknown,
  env: Record<string, string>,
  endpoint: string,
): Promise<Run> {
  const child = join(file, '..', '..', 'child.mjs');
  // Asynchronous: the mock AWS endpoint answers from this process.
  if (event === 'no-event')
    return { importMs: Number.NaN, requestMs: Number.NaN, outcome: 'no-event', rssMb: Number.NaN };
  const profile = PROFILE
    ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${join(PROFILE, name)}`]
    : [];
  const args = [...profile, child, file, JSON.stringify(event)];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SESSION_TOKEN: 'bench',
      AWS_ENDPOINT_URL: endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Run;
}

interface Bundle {
  name: string;
  file: string;
  event: unknown;
  env: Record<string, string>;
  runs: Run[];
}

function summary(runs: Run[]) {
  return {
    importMs: median(runs.map((r) => r.importMs)),
    requestMs: median(runs.map((r) => r.requestMs)),
    totalMs: median(runs.map((r) => r.importMs + r.requestMs)),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    outcome: runs[0]?.outcome ?? '?',
  };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'hotline-bench-init-'));
  const server = createServer((req, res) => {
    if (LATENCY_MS > 0) setTimeout(() => mockAws(req, res), LATENCY_MS);
    else mockAws(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A stack deletion: the deployment trigger only answers CloudFormation (at the mock endpoint).
  EVENTS['task-recount-trigger'] = {
    RequestType: 'Delete',
    ResponseURL: `${endpoint}/cloudformation-response`,
    StackId: `arn:aws-cn:cloudformation:${REGION}:123456789012:stack/bench/1`,
    RequestId: 'bench',
    LogicalResourceId: 'ProvisionalRecount',
    PhysicalResourceId: 'bench',
    ResourceType: 'Custom::ProvisionalRecount',
    ResourceProperties: {},
  };
  try {
    // The runtime's SDK, from files, as /var/runtime/node_modules would give it.
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(work, 'node_modules'));
    writeFileSync(join(work, 'child.mjs'), CHILD);

    const s = synthesize(exampleConfig(CONFIG), { bundle: true, build: { nag: false } });
    const functions = [s.templates.api, ...(s.templates.workflows ? [s.templates.workflows] : [])].flatMap(
      (t) => resources(t, 'AWS::Lambda::Function'),
    );

    const bundles: Bundle[] = REFERENCES.map((ref) => {
      const file = join(work, ref.name, 'index.mjs');
      buildReference(ref.source, file, ref.sdkFromFiles);
      return { name: ref.name, file, event: {}, env: {}, runs: [] };
    });
    for (const [id, fn] of functions) {
      const p = fn.Properties as {
        Code: { S3Key: string };
        Environment: { Variables: Record<string, unknown> };
      };
      const name = functionName(id);
      if (ONLY && !ONLY.includes(name)) continue;
      const dir = join(work, name);
      cpSync(join(s.outdir, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`), dir, { recursive: true });
      // The profiles name positions in the bundle: keep it beside them.
      if (PROFILE) {
        mkdirSync(join(PROFILE, name), { recursive: true });
        cpSync(join(dir, 'index.mjs'), join(PROFILE, name, 'index.mjs'));
        cpSync(join(dir, 'index.mjs.map'), join(PROFILE, name, 'index.mjs.map'));
      }
      bundles.push({
        name,
        file: join(dir, 'index.mjs'),
        event: EVENTS[name] ?? 'no-event',
        env: environment(p.Environment.Variables, dir),
        runs: [],
      });
    }
    // Round robin: every bundle meets the same machine, however busy it is at the time.
    for (let round = 0; round < RUNS; round++) {
      for (const b of bundles) b.runs.push(await coldStart(b.name, b.file, b.event, b.env, endpoint));
    }

    const kb = (file: string) => (statSync(file).size / 1024).toFixed(1);
    const bare = summary((bundles[0] as Bundle).runs);
    let worst = 0;
    for (const [i, b] of bundles.entries()) {
      const r = summary(b.runs);
      const ratio = r.totalMs / bare.totalMs;
      if (i >= REFERENCES.length && Number.isFinite(ratio)) worst = Math.max(worst, ratio);
      console.log(
        `${b.name} size_kb=${kb(b.file)} import_ms=${r.importMs.toFixed(1)} request_ms=${r.requestMs.toFixed(1)} total_ms=${r.totalMs.toFixed(1)} ratio=${ratio.toFixed(2)} rss_mb=${r.rssMb.toFixed(0)} outcome=${r.outcome}`,
      );
    }
    console.log(`runs_per_bundle=${RUNS} config=${CONFIG}`);
    console.log(`init_ratio_max=${worst.toFixed(2)}`);
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Builds a reference bundle as the bench's bare client is built: minified ESM for Node 24, the SDK
 * bundled in with the default credential chain, or left out to be loaded from files.
 */
function buildReference(source: string, outfile: string, sdkFromFiles: boolean) {
  const entry = join(outfile, '..', 'source.mjs');
  mkdirSync(join(outfile, '..'), { recursive: true });
  writeFileSync(entry, source);
  execFileSync(
    join(PROJECT_ROOT, 'node_modules/.bin/esbuild'),
    [
      '--bundle',
      entry,
      '--platform=node',
      '--target=node24',
      '--format=esm',
      '--minify',
      '--main-fields=module,main',
      ...(sdkFromFiles
        ? RUNTIME_SDK.externals.map((e) => `--external:${e}`)
        : [
            `--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);`,
          ]),
      `--outfile=${outfile}`,
      '--log-level=error',
    ],
    { cwd: join(outfile, '..') },
  );
  rmSync(entry);
}

/** `ApiintakeBDB30069` → `api-intake`, `TaskpublisheventsA6…` → `task-publish-events`. */
function functionName(logicalId: string): string {
  const known = Object.keys(EVENTS);
  const squash = (n: string) => n.replace(/-/g, '').toLowerCase();
  const id = logicalId.toLowerCase();
  return (
    known
      .filter((n) => id.startsWith(squash(n)) || id.startsWith(squash(n.replace(/^staff-/, 'stafftoken'))))
      .sort((a, b) => b.length - a.length)[0] ?? logicalId
  );
}

await main();
