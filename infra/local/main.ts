import './environment.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DirectoryRepository } from '../../functions/adapters/directory-repository.ts';
import { DocumentClient } from '../../functions/adapters/document-client.ts';
import { importEntries } from '../../functions/app/directory.ts';
import { buildKnowledgeIndex } from '../../functions/app/knowledge/build-index.ts';
import { sweepKnowledgeReviews } from '../../functions/app/knowledge/review-sweep.ts';
import { DIRECTORY_KINDS } from '../../functions/domain/directory/index.ts';
import { presetPolicy } from '../../functions/domain/policy/index.ts';
import { knowledgeIndexStore, knowledgeRuntime } from '../../functions/runtime/knowledge.ts';
import { knowledgeEntries } from '../../functions/runtime/knowledge-entries.ts';
import { reportStoreFrom } from '../../functions/runtime/reports.ts';
import { createRuntime } from '../../functions/runtime/runtime.ts';
import { startApiServer } from './api-server.ts';
import { keepClockIn } from './clock-file.ts';
import { consoleIdentities, serveConsole } from './console-files.ts';
import { DEMO_CHANNEL_KEYS, DEMO_STAFF } from './demo.ts';
import { loadDemoKnowledge } from './demo-knowledge.ts';
import { signDevToken } from './dev-tokens.ts';
import { ensureTable, JavaMissingError, startDynamoDbLocal } from './dynamodb-local.ts';
import { localClockRoutes, localStreamRoute } from './local-routes.ts';
import { printTour } from './tour.ts';
import { startLocalWorkflows } from './workflows.ts';

/**
 * `npm start`: the whole system on one machine — DynamoDB Local persisted under the data folder, the
 * table from the shared definition, demo directory data, and the API on localhost with the same
 * handlers as in AWS. Ctrl-C stops everything, the Java process included.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.HOTLINE_DATA_DIR ?? join(ROOT, '.data'));
const policyId = process.env.POLICY_ID ?? 'anhui-2021';
const TABLE_NAME = 'hotline';

/** Secrets of this installation, made once and kept in the data folder so tokens survive restarts. */
function localSecrets(): { tokenSecret: string; requesterHashKey: string } {
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    tokenSecret: randomBytes(32).toString('base64url'),
    requesterHashKey: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, not ${port}`);
  presetPolicy(policyId); // an unknown POLICY_ID fails here, with the list of presets
  const clockStart = process.env.HOTLINE_CLOCK_START;
  const startAt = clockStart ? Date.parse(clockStart) : undefined;
  if (clockStart && Number.isNaN(startAt))
    throw new Error(`HOTLINE_CLOCK_START must be an instant, not ${clockStart}`);
  const kept = keepClockIn(
    join(dataDir, 'clock.json'),
    startAt === undefined ? undefined : new Date(startAt),
  );
  if (kept.ignoredStart)
    console.log(
      `note: HOTLINE_CLOCK_START is before the data folder's virtual clock, which goes on from there`,
    );
  const secrets = localSecrets();
  const ddb = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  await ensureTable(ddb.client, TABLE_NAME);

  Object.assign(process.env, {
    TABLE_NAME,
    POLICY_ID: policyId,
    REQUESTER_HASH_KEY: secrets.requesterHashKey,
    DYNAMODB_ENDPOINT: ddb.endpoint,
    HOTLINE_CALENDAR_DIR: process.env.HOTLINE_CALENDAR_DIR ?? join(ROOT, 'infra/calendar'),
    KNOWLEDGE_INDEX_FILE: join(dataDir, 'knowledge-index.json'),
    REPORT_DIR: join(dataDir, 'reports'),
  });

  const directory = new DirectoryRepository(DocumentClient.from(ddb.client), TABLE_NAME);
  if ((await directory.all('unit')).length === 0) {
    const demo = JSON.parse(readFileSync(join(import.meta.dirname, 'demo-directory.json'), 'utf8'));
    for (const kind of DIRECTORY_KINDS) await importEntries(directory, kind, demo[kind] ?? []);
  }

  const knowledgeStop = await startLocalKnowledge();
  const workflows = await startLocalWorkflows(createRuntime(), ddb.endpoint, {
    reportStore: reportStoreFrom(process.env),
  });
  if (workflows.recomputed.recomputed > 0)
    console.log(
      `provisional deadlines recounted with the loaded schedules: ${JSON.stringify(workflows.recomputed)}`,
    );
  const tokens = await Promise.all(
    DEMO_STAFF.map(async (claims) => ({ claims, token: await signDevToken(claims, secrets.tokenSecret) })),
  );
  const identities = consoleIdentities(tokens);
  const server = await startApiServer({
    port,
    channelKeys: DEMO_CHANNEL_KEYS,
    tokenSecret: secrets.tokenSecret,
    loadHandler: async (name) => (await import(`../../functions/api/${name}.ts`)).handler,
    localRoutes: async (req, body) =>
      (await identities(req)) ??
      (await localStreamRoute(req, workflows.relay)) ??
      localClockRoutes(req, body),
    serveFiles: (req, res) => serveConsole(req, res),
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  printTour({
    url,
    policyId,
    dataDir,
    dynamodbEndpoint: ddb.endpoint,
    tokens,
    channelKeys: DEMO_CHANNEL_KEYS,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API and DynamoDB Local…`);
    server.close();
    server.closeAllConnections();
    knowledgeStop();
    await workflows.stop();
    await ddb.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** How often the local review timer looks for entries past their review-by date (in AWS: daily). */
const KNOWLEDGE_SWEEP_EVERY_MS = 3_000;

/**
 * The knowledge base: the demo entries on a first start, and the review timer. The search index is
 * the bus's business (the same builder as in AWS, writing the data folder's file), but the stream
 * relay starts from the latest record: so the index is built here, before the API answers when
 * there is none, and in the background otherwise (changes made while the runtime was stopping may
 * have missed the relay). Returns what stops the timer.
 */
async function startLocalKnowledge(): Promise<() => void> {
  const rt = createRuntime();
  const kb = knowledgeRuntime(rt);
  if ((await kb.entries.publishedIds()).length === 0) await loadDemoKnowledge(rt, kb);
  const build = buildKnowledgeIndex(knowledgeEntries(rt), knowledgeIndexStore(process.env));
  if (!existsSync(join(dataDir, 'knowledge-index.json'))) await build;
  else build.catch((error) => console.error(`knowledge index: ${error.message}`));
  const timer = setInterval(() => {
    sweepKnowledgeReviews(rt, kb).catch((error) => console.error(`knowledge review: ${error.message}`));
  }, KNOWLEDGE_SWEEP_EVERY_MS);
  return () => clearInterval(timer);
}

main().catch((error) => {
  console.error(
    error instanceof JavaMissingError ? error.message : `could not start: ${error.message ?? error}`,
  );
  process.exit(1);
});
