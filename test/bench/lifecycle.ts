import { DEFAULT_MEMORY_MB } from '../../infra/cdk/constructs/hotline-function.ts';
import { EVENT_TASK_MEMORY_MB } from '../../infra/cdk/stacks/workflows-stack.ts';
import { indexWriteUnits, itemBytes, transactionalWriteUnits } from './aws-billing.ts';
import { logged } from './quiet.ts';
import '../../infra/local/environment.ts';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { clock } from '../../functions/adapters/clock.ts';
import { MemoryReportStore } from '../../functions/adapters/report-store.ts';
import { TABLE } from '../../functions/adapters/table.ts';
import { importEntries } from '../../functions/app/directory.ts';
import { SWEEP_DAYS, SWEEP_RECENT_DAYS } from '../../functions/app/timers.ts';
import { DIRECTORY_KINDS } from '../../functions/domain/directory/index.ts';
import { createRuntime } from '../../functions/runtime/runtime.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { DEMO_CHANNEL_KEYS, DEMO_STAFF } from '../../infra/local/demo.ts';
import demo from '../../infra/local/demo-directory.json' with { type: 'json' };
import { signDevToken } from '../../infra/local/dev-tokens.ts';
import { ensureTable, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startLocalWorkflows } from '../../infra/local/workflows.ts';

/**
 * npm run bench:lifecycle — what one standard ticket costs in AWS. It runs the standard lifecycle
 * through the real handlers, state machine and DynamoDB Local (dispatch, contact, reply, approval,
 * a callback with one unanswered attempt and then a satisfied answer), lets every timer run out on
 * the virtual clock, counts what AWS bills for, and prices it at us-east-1 list prices.
 */

/** us-east-1 list prices (USD), as published for each service. */
const PRICES = {
  apiGatewayRestPerRequest: 3.5 / 1e6, // REST API, first 333 million requests a month
  lambdaPerRequest: 0.2 / 1e6,
  lambdaArmPerGbSecond: 0.0000133334, // arm64
  dynamoWritePerUnit: 0.625 / 1e6, // on-demand write request unit
  dynamoReadPerUnit: 0.125 / 1e6, // on-demand read request unit
  streamReadPerRequest: 0.02 / 1e5, // DynamoDB Streams read request units (Pipe polling)
  stepFunctionsPerTransition: 0.025 / 1000, // Standard workflows
  eventBridgeCustomEvent: 1.0 / 1e6,
  pipesPerRequest: 0.4 / 1e6,
  cloudWatchLogsPerGb: 0.5, // ingestion
};
/** The functions' memory as deployed: the API's handlers the house default, the event tasks less. */
const API_MEMORY_GB = DEFAULT_MEMORY_MB / 1024;
const TASK_MEMORY_GB = EVENT_TASK_MEMORY_MB / 1024;
/** What a rule's task or the Pipe's enrichment is taken to run for: a few calls to AWS APIs each. */
const TASK_SECONDS = 0.05;
/**
 * Lambda's own START, END and REPORT lines: none, as the house function sends system logs at WARN
 * (hotline-function.ts). Handlers log a request handled as expected at DEBUG, below the deployment's
 * INFO, so the handler logs counted here are what they log at INFO and above.
 */
const PLATFORM_LOG_BYTES_PER_INVOCATION = 0;
/** One API Gateway access log line (api-stack.ts's format, with a staff caller's ids filled in). */
const ACCESS_LOG_BYTES_PER_REQUEST = 500;
const TICKETS_PER_MONTH = Number(process.env.BENCH_TICKETS_PER_MONTH ?? 10_000); // share of the sweeper
/** The sweeper's runs in a month (workflows-stack.ts): every 5 minutes, and once a day. */
const SWEEPS_PER_MONTH = { recent: (30 * 24 * 60) / 5, daily: 30 };
/** Its reads in a month: one Query (at least half a read unit) per UTC day it looks at. */
const SWEEP_QUERIES_PER_MONTH =
  SWEEPS_PER_MONTH.recent * (SWEEP_RECENT_DAYS + 1) + SWEEPS_PER_MONTH.daily * (SWEEP_DAYS + 1);
/** BENCH_DETAIL=1 lists every item of every transaction: its size before and after, and its units. */
const DETAIL = process.env.BENCH_DETAIL === '1';

/** Every DynamoDB call asks for its consumed capacity; the answers are added up here. */
const usage = {
  readUnits: 0,
  writeUnits: 0,
  calls: 0,
  byCommand: {} as Record<string, number>,
  /** TransactWriteItems: DynamoDB Local's consumed capacity, and AWS's bill worked out from item sizes. */
  transactions: {
    count: 0,
    items: 0,
    localUnits: 0,
    awsUnits: 0,
    indexUnits: 0,
    largestItem: { bytes: 0, sk: '' },
  },
};
/** Reading commands (the document client sends through the low-level one); everything else metered writes. */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const unmeteredSend = DynamoDBClient.prototype.send as unknown as (
  this: DynamoDBClient,
  command: GetItemCommand,
) => Promise<{ Item?: Record<string, AttributeValue> }>;
/** Reads items around a transaction without being metered (set once DynamoDB Local runs). */
let probe: DynamoDBClient | undefined;
/** A transaction's item as DynamoDB's client sends it (keys and items in attribute values). */
type TransactItem = Record<
  string,
  { TableName: string; Key?: Record<string, AttributeValue>; Item?: Record<string, AttributeValue> }
>;
const keyOf = (entry: TransactItem) => {
  const op = Object.values(entry)[0];
  const source = op?.Key ?? op?.Item ?? {};
  return {
    TableName: op?.TableName ?? '',
    Key: { pk: source.pk, sk: source.sk } as Record<string, AttributeValue>,
  };
};
/** The items a transaction is about to write, or has written, as DynamoDB holds them. */
async function itemsNow(items: TransactItem[]): Promise<(Record<string, AttributeValue> | undefined)[]> {
  const client = probe;
  if (!client) return items.map(() => undefined);
  return Promise.all(
    items.map(async (entry) => {
      const out = await unmeteredSend.call(
        client,
        new GetItemCommand({ ...keyOf(entry), ConsistentRead: true }),
      );
      return out.Item;
    }),
  );
}
/** Wraps a client class's send so that each call reports, and adds up, what it consumed. */
function meter(Client: { prototype: { send: (...args: never[]) => Promise<unknown> } }) {
  const send = Client.prototype.send;
  Client.prototype.send = async function meteredSend(this: unknown, ...args: never[]) {
    const command = args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
    const metered =
      'TableName' in command.input || 'TransactItems' in command.input || 'RequestItems' in command.input;
    if (metered) command.input.ReturnConsumedCapacity = 'TOTAL';
    const transactItems = command.constructor.name.startsWith('TransactWrite')
      ? (command.input.TransactItems as TransactItem[])
      : undefined;
    const before = transactItems && (await itemsNow(transactItems));
    const out = (await send.apply(this, args)) as { ConsumedCapacity?: unknown };
    if (metered) {
      usage.calls += 1;
      const units = [out.ConsumedCapacity ?? []]
        .flat()
        .reduce((sum: number, cc) => sum + ((cc as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
      usage.byCommand[command.constructor.name] = (usage.byCommand[command.constructor.name] ?? 0) + units;
      if (READS.has(command.constructor.name)) usage.readUnits += units;
      else if (!transactItems) usage.writeUnits += units;
      if (transactItems && before) {
        const after = await itemsNow(transactItems);
        const t = usage.transactions;
        t.count += 1;
        t.items += transactItems.length;
        t.localUnits += units;
        for (const [i, entry] of transactItems.entries()) {
          const [old, now] = [itemBytes(before[i]), itemBytes(after[i])];
          t.awsUnits += transactionalWriteUnits(old, now);
          const indexUnits = indexWriteUnits(before[i], after[i], TABLE.indexes, ['pk', 'sk']);
          t.indexUnits += indexUnits;
          if (DETAIL)
            console.log(
              `  tx${t.count} ${Object.keys(entry)[0]} ${String(keyOf(entry).Key.sk?.S)} ${old}→${now} bytes, ${transactionalWriteUnits(old, now)} WRU + ${indexUnits} index (${TABLE.indexes
                .map(
                  (index) =>
                    [index.name, indexWriteUnits(before[i], after[i], [index], ['pk', 'sk'])] as const,
                )
                .filter(([, units]) => units > 0)
                .map(([name, units]) => `${name} ${units}`)
                .join(', ')})`,
              Object.entries(after[i] ?? {})
                .map(([name, value]) => `${name}:${itemBytes({ [name]: value })}`)
                .join(' '),
            );
          if (Math.max(old, now) > t.largestItem.bytes)
            t.largestItem = { bytes: Math.max(old, now), sk: String(keyOf(entry).Key.sk?.S ?? '') };
        }
      }
    }
    return out;
  };
}
meter(DynamoDBClient as never);

async function main() {
  clock.pin(new Date('2026-11-02T09:00:00+08:00')); // a Monday, no holiday ahead
  const ddb = await startDynamoDbLocal();
  await ensureTable(ddb.client, 'hotline');
  Object.assign(process.env, {
    TABLE_NAME: 'hotline',
    POLICY_ID: 'anhui-2021',
    REQUESTER_HASH_KEY: 'bench',
    DYNAMODB_ENDPOINT: ddb.endpoint,
  });
  const rt = createRuntime();
  for (const kind of DIRECTORY_KINDS)
    await importEntries(rt.directory, kind, (demo as Record<string, unknown[]>)[kind] ?? []);
  // The demo directory is set up once per deployment, not per ticket: its writes are not counted.
  Object.assign(usage, { readUnits: 0, writeUnits: 0, calls: 0, byCommand: {} });
  probe = ddb.client;

  // Lambda invocations and their durations, as the handlers run them.
  const lambda = { invocations: 0, gbSeconds: 0 };
  const timed = async <T>(memoryGb: number, work: () => Promise<T>) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      lambda.invocations += 1;
      lambda.gbSeconds += ((performance.now() - t0) / 1000) * memoryGb;
    }
  };
  const { handler: timerHandler } = await import('../../functions/tasks/timer.ts');
  const { lambdaContext } = await import('../../infra/local/lambda-context.ts');
  // The sweeper's share is added below; the monthly close, the weekly report and the daily cluster
  // sweep are the deployment's (their cost grows with its units and days, not with a ticket) and are
  // left out, as the runtime's start-up reads are.
  const workflows = await startLocalWorkflows(rt, ddb.endpoint, {
    reportStore: new MemoryReportStore(),
    timerTask: (input) => timed(TASK_MEMORY_GB, () => timerHandler(input, lambdaContext('timer'))),
    sweepEveryMs: 3_600_000,
    schedules: false,
  });
  Object.assign(usage, { readUnits: 0, writeUnits: 0, calls: 0, byCommand: {} });
  const tokenSecret = 'bench';
  const server = await startApiServer({
    port: 0,
    channelKeys: DEMO_CHANNEL_KEYS,
    tokenSecret,
    loadHandler: async (name) => {
      const { handler } = await import(`../../functions/api/${name}.ts`);
      return (event, context) => timed(API_MEMORY_GB, () => handler(event, context));
    },
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const token = (role: string) => {
    const claims = DEMO_STAFF.find(
      (s) => `${s['custom:role']}${s['custom:unitId'] ? `@${s['custom:unitId']}` : ''}` === role,
    );
    if (!claims) throw new Error(`no demo staff ${role}`);
    return signDevToken(claims, tokenSecret);
  };

  let apiRequests = 0;
  const request = async (method: string, path: string, headers: Record<string, string>, body?: object) => {
    apiRequests += 1;
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body && JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return { json, etag: res.headers.get('etag') ?? '' };
  };
  // Everything written so far has reached its bus targets (timers started and stopped).
  const settle = () => workflows.relay.caughtUp();
  let etag = '';
  const command = async (id: string, action: string, role: string, body: object = {}) => {
    const out = await request(
      'POST',
      `/v1/tickets/${id}/${action}`,
      { authorization: `Bearer ${await token(role)}`, 'if-match': etag },
      body,
    );
    etag = out.etag;
    await settle();
  };
  const read = async (id: string, role: string) => {
    etag = (await request('GET', `/v1/tickets/${id}`, { authorization: `Bearer ${await token(role)}` })).etag;
  };

  // The standard lifecycle.
  const created = await request(
    'POST',
    '/v1/tickets',
    { 'x-api-key': 'local-web-portal-key', 'idempotency-key': 'bench-ticket-0001' },
    {
      channel: 'web',
      type: 'complaint',
      category: 'street-vendors',
      regionId: 'shushan',
      content: '路口占道经营，影响通行',
      requester: { name: '王五', phone: '13900000001' },
    },
  );
  const id = (created.json as { id: string }).id;
  await read(id, 'dispatcher');
  await command(id, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
  await command(id, 'sign', 'unitClerk@ss-urban');
  await command(id, 'recordContact', 'unitClerk@ss-urban', { method: 'phone' });
  await command(id, 'informRequester', 'unitClerk@ss-urban', { summary: '已清理占道摊点' });
  await command(id, 'reply', 'unitClerk@ss-urban', { summary: '已清理占道摊点' });
  await command(id, 'review', 'dispatcher', { approve: true, note: '答复完整' });
  await read(id, 'callbackAgent');
  await command(id, 'recordCallback', 'callbackAgent', { outcome: 'unanswered' });
  clock.advance(3 * 3_600_000 + 60_000);
  await settle();
  await read(id, 'callbackAgent');
  await command(id, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied: true });
  // Let every remaining timer run out.
  clock.advance(60 * 86_400_000);
  for (let i = 0; i < 100 && workflows.runner.active > 0; i++) await new Promise((r) => setTimeout(r, 100));
  await settle();

  const finalTicket = (await rt.tickets.load(id))?.ticket;
  const status = finalTicket?.status;
  console.log(
    `state item: ${Buffer.byteLength(JSON.stringify(finalTicket))} bytes of JSON; DynamoDB calls ${usage.calls}`,
  );
  console.log(`DynamoDB units by call (DynamoDB Local's figures): ${JSON.stringify(usage.byCommand)}`);
  const tx = usage.transactions;
  console.log(
    `TransactWriteItems: ${tx.count} transactions of ${tx.items} items; DynamoDB Local reports ${tx.localUnits} WRU, AWS bills ${tx.awsUnits} WRU (2 per started KB of each item, before or after the write, whichever is larger) plus ${tx.indexUnits} WRU for the index entries they put, change or delete; largest item ${tx.largestItem.bytes} bytes (${tx.largestItem.sk}); the cost below counts AWS's figures`,
  );
  console.log(
    `handler logs: ${logged.lines} lines (${logged.metricLines} of them metrics), ${logged.bytes} bytes`,
  );
  const bus = workflows.bus;
  const lambdaInvocations = lambda.invocations + bus.delivered + workflows.relay.batches;
  const sweeperShare = (SWEEPS_PER_MONTH.recent + SWEEPS_PER_MONTH.daily) / TICKETS_PER_MONTH;
  const rows: [string, number, number][] = [
    ['API Gateway REST requests', apiRequests, PRICES.apiGatewayRestPerRequest],
    ['Lambda invocations', lambdaInvocations + sweeperShare, PRICES.lambdaPerRequest],
    [
      `Lambda GB-seconds (measured, rule tasks ${TASK_SECONDS * 1000} ms; ${DEFAULT_MEMORY_MB}/${EVENT_TASK_MEMORY_MB} MB)`,
      lambda.gbSeconds +
        (bus.delivered + workflows.relay.batches + sweeperShare) * TASK_SECONDS * TASK_MEMORY_GB,
      PRICES.lambdaArmPerGbSecond,
    ],
    [
      'DynamoDB write request units (AWS billing, with index entries)',
      usage.writeUnits + tx.awsUnits + tx.indexUnits,
      PRICES.dynamoWritePerUnit,
    ],
    [
      'DynamoDB read request units',
      usage.readUnits + (SWEEP_QUERIES_PER_MONTH * 0.5) / TICKETS_PER_MONTH,
      PRICES.dynamoReadPerUnit,
    ],
    // Every read that brought records, the filtered ones too: the Pipe reads before it filters.
    ['DynamoDB Streams read requests (Pipe)', workflows.relay.reads, PRICES.streamReadPerRequest],
    ['Step Functions state transitions', workflows.runner.transitions, PRICES.stepFunctionsPerTransition],
    ['EventBridge custom events', bus.published, PRICES.eventBridgeCustomEvent],
    // The records the filter passed: what enters the enrichment, one per event item.
    ['EventBridge Pipes requests', workflows.relay.passed, PRICES.pipesPerRequest],
    [
      'CloudWatch Logs GB (handler logs, platform lines, access log)',
      (logged.bytes +
        (lambdaInvocations + sweeperShare) * PLATFORM_LOG_BYTES_PER_INVOCATION +
        apiRequests * ACCESS_LOG_BYTES_PER_REQUEST) /
        1e9,
      PRICES.cloudWatchLogsPerGb,
    ],
  ];
  let total = 0;
  console.log(`standard lifecycle (anhui-2021), final status: ${status}`);
  console.log(
    `timer executions started ${workflows.runner.started.length}, stopped early ${workflows.runner.stopped}`,
  );
  console.log(
    `${'item'.padEnd(62)} ${'count'.padStart(10)} ${'unit price'.padStart(14)} ${'usd'.padStart(12)}`,
  );
  for (const [item, count, price] of rows) {
    total += count * price;
    console.log(
      `${item.padEnd(62)} ${count.toFixed(3).padStart(10)} ${price.toExponential(4).padStart(14)} ${(count * price).toExponential(3).padStart(12)}`,
    );
  }
  console.log(
    `(sweeper share: ${SWEEPS_PER_MONTH.recent + SWEEPS_PER_MONTH.daily} runs and ${SWEEP_QUERIES_PER_MONTH} day queries a month over ${TICKETS_PER_MONTH} tickets; the monthly close, the report jobs, X-Ray, KMS requests, WAF and CloudWatch dashboards/alarms are per deployment, not per ticket, and are left out)`,
  );
  console.log(`cost_per_ticket_usd=${total.toFixed(6)}`);

  await workflows.stop();
  server.close();
  server.closeAllConnections();
  await ddb.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
