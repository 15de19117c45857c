import { randomUUID } from 'node:crypto';
import { DocumentClient, TransactWriteCommand } from '../../functions/adapters/document-client.ts';
import { localClient } from '../../infra/local/dynamodb-local.ts';
import { removeRuntimeData, startLocalRuntime } from '../support/local-runtime.ts';

/**
 * npm run bench:intake — intake throughput and latency through the local API, beside the raw rate of
 * DynamoDB Local TransactWriteItems of the same shape measured in the same run. The last line,
 * `intake_ratio`, is what the API keeps of the database's own rate (1 = no overhead at all).
 *
 * BENCH_REQUESTS (default 600) and BENCH_CONCURRENCY (default 8) size the run. The two are measured
 * in BENCH_ROUNDS (default 4) alternating slices, so that a change of the machine's load during the
 * run weighs on both alike (the machine is often shared: one slice each moved the ratio of the same
 * code between 0.16 and 0.41).
 */

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARM_UP = 50;

/** Runs `task` `count` times with `concurrency` in flight; per-call latencies in ms and the wall time. */
async function load(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

function body(i: number) {
  return JSON.stringify({
    channel: 'web',
    type: i % 3 === 0 ? 'consultation' : 'complaint',
    category: ['noise', 'property', 'street-vendors'][i % 3],
    regionId: 'shushan',
    content: `基准测试诉求 ${i}`,
    requester: { name: '测试', phone: `1390000${String(i).padStart(4, '0')}` },
  });
}

async function main() {
  const runtime = await startLocalRuntime({ POWERTOOLS_LOG_LEVEL: 'WARN' });
  try {
    // Each request a requester of its own (a number used again would count as a repeated report).
    let sent = 0;
    const post = async () => {
      const i = sent++;
      const res = await fetch(`${runtime.apiUrl}/v1/tickets`, {
        method: 'POST',
        headers: {
          'x-api-key': 'local-web-portal-key',
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: body(i),
      });
      if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    await load(WARM_UP, CONCURRENCY, post);

    // The same writes intake's transaction makes (state, first event, personal data), straight to the table.
    const db = DocumentClient.from(localClient(runtime.dynamodbEndpoint));
    const state = 'x'.repeat(1500);
    const write = async () => {
      const id = randomUUID();
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: 'hotline',
                Item: { pk: `BENCH#${id}`, sk: 'STATE', state },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: 'hotline',
                Item: { pk: `BENCH#${id}`, sk: 'EVENT#000001', body: state },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: 'hotline', Item: { pk: `BENCH#${id}`, sk: 'PII', name: 'x', phone: 'y' } } },
          ],
        }),
      );
    };
    await load(WARM_UP, CONCURRENCY, write);
    const api = { latencies: [] as number[], seconds: 0 };
    const raw = { latencies: [] as number[], seconds: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [total, task] of [
        [api, post],
        [raw, write],
      ] as const) {
        const slice = await load(REQUESTS / ROUNDS, CONCURRENCY, task);
        total.latencies.push(...slice.latencies);
        total.seconds += slice.seconds;
      }
    }
    api.latencies.sort((a, b) => a - b);
    raw.latencies.sort((a, b) => a - b);

    const apiRate = REQUESTS / api.seconds;
    const rawRate = REQUESTS / raw.seconds;
    console.log(
      `requests=${REQUESTS} concurrency=${CONCURRENCY} rounds=${ROUNDS} (after ${WARM_UP} warm-up each)`,
    );
    console.log(
      `api_intake: ${apiRate.toFixed(1)} tickets/s, p50 ${percentile(api.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(api.latencies, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `raw_transact_write: ${rawRate.toFixed(1)} transactions/s, p50 ${percentile(raw.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(raw.latencies, 0.99).toFixed(1)} ms`,
    );
    console.log(`intake_ratio=${(apiRate / rawRate).toFixed(3)}`);
  } finally {
    await runtime.stop();
    removeRuntimeData(runtime);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
