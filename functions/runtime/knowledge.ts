import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AttemptLimiter } from '../adapters/attempt-limiter.ts';
import type { AttemptLimit } from '../app/context.ts';
import type { KnowledgeContext } from '../app/knowledge/context.ts';
import { FileIndexStore, type IndexStore, MemoryIndexStore } from '../app/knowledge/index-store.ts';
import { KnowledgeSearch } from '../app/knowledge/search.ts';
import type { Region } from '../domain/directory/index.ts';
import { DEFAULT_KNOWLEDGE_SETTINGS } from '../domain/knowledge/index.ts';
import { optionalEnv } from '../shared/config.ts';
import { knowledgeEntries } from './knowledge-entries.ts';
import type { Runtime } from './runtime.ts';

const REGION_CACHE_MS = 60_000;
let shared: KnowledgeContext | undefined;

/**
 * The knowledge base's ports, built once per process: the local runtime's handlers share one index
 * in memory (or in the file KNOWLEDGE_INDEX_FILE names), as a Lambda instance keeps its own copy.
 */
export function knowledgeRuntime(
  rt: Runtime,
  env: Readonly<Record<string, string | undefined>> = process.env,
): KnowledgeContext {
  if (shared) return shared;
  const entries = knowledgeEntries(rt);
  const file = optionalEnv('KNOWLEDGE_INDEX_FILE', env);
  const store: IndexStore = file ? new FileIndexStore(file) : new MemoryIndexStore();
  let regions: { value: Region[]; until: number } | undefined;
  const search = new KnowledgeSearch(
    store,
    entries,
    async () => {
      if (!regions || regions.until < Date.now()) {
        regions = { value: await rt.directory.all('region'), until: Date.now() + REGION_CACHE_MS };
      }
      return regions.value;
    },
    true,
  );
  shared = { entries, search, settings: DEFAULT_KNOWLEDGE_SETTINGS, indexesInProcess: true };
  return shared;
}

/** Requests per client and minute of the public self-service, whichever instance answers. */
export const SELF_SERVICE_REQUESTS_PER_MINUTE = 60;

export function selfServiceLimiter(rt: Runtime): AttemptLimit {
  return new AttemptLimiter(
    DynamoDBDocumentClient.from(rt.dynamodb),
    rt.tableName,
    SELF_SERVICE_REQUESTS_PER_MINUTE,
    60_000,
  );
}
