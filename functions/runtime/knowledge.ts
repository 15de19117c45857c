import { AttemptLimiter } from '../adapters/attempt-limiter.ts';
import {
  FileIndexStore,
  type IndexStore,
  MemoryIndexStore,
  S3IndexStore,
} from '../adapters/knowledge-search/index-store.ts';
import type { AttemptLimit } from '../app/context.ts';
import type { KnowledgeContext } from '../app/knowledge/context.ts';
import { KnowledgeSearch } from '../app/knowledge/search.ts';
import type { Region } from '../domain/directory/index.ts';
import { DEFAULT_KNOWLEDGE_SETTINGS } from '../domain/knowledge/index.ts';
import { optionalEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';
import { knowledgeEntries } from './knowledge-entries.ts';
import type { BaseRuntime } from './runtime.ts';

type Env = Readonly<Record<string, string | undefined>>;

const REGION_CACHE_MS = 60_000;
let shared: KnowledgeContext | undefined;

/**
 * Where the search index is kept: the bucket KNOWLEDGE_INDEX_BUCKET names (AWS), else the file
 * KNOWLEDGE_INDEX_FILE names (the local runtime's data folder), else memory (the functions that
 * never search, and tests).
 */
export function knowledgeIndexStore(env: Env = process.env): IndexStore {
  const bucket = optionalEnv('KNOWLEDGE_INDEX_BUCKET', env);
  if (bucket) return new S3IndexStore(bucket);
  const file = optionalEnv('KNOWLEDGE_INDEX_FILE', env);
  return file ? new FileIndexStore(file) : new MemoryIndexStore();
}

/**
 * The knowledge base's ports, built once per process (a Lambda instance, or the local runtime's
 * handlers together): the entries in the table, and the search over the stored index.
 */
export function knowledgeRuntime(rt: BaseRuntime, env: Env = process.env): KnowledgeContext {
  if (shared) return shared;
  const entries = knowledgeEntries(rt);
  let regions: { value: Region[]; until: number } | undefined;
  const search = new KnowledgeSearch(
    knowledgeIndexStore(env),
    entries,
    async () => {
      if (!regions || regions.until < Date.now()) {
        regions = { value: await rt.directory.all('region'), until: Date.now() + REGION_CACHE_MS };
      }
      return regions.value;
    },
    {
      // A file is cheap to look at: the local runtime finds a new index at once.
      checkEveryMs: optionalEnv('KNOWLEDGE_INDEX_BUCKET', env) ? undefined : 0,
      onFallback: (size) =>
        logger.warn('no stored knowledge index yet: this instance built its own from the table', {
          entries: size,
        }),
    },
  );
  shared = { entries, search, settings: DEFAULT_KNOWLEDGE_SETTINGS };
  return shared;
}

/** Requests per client and minute of the public self-service, whichever instance answers. */
export const SELF_SERVICE_REQUESTS_PER_MINUTE = 60;

export function selfServiceLimiter(rt: BaseRuntime): AttemptLimit {
  return new AttemptLimiter(rt.db, rt.tableName, SELF_SERVICE_REQUESTS_PER_MINUTE, 60_000);
}
