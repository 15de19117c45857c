import { createHash } from 'node:crypto';
import type { AttemptLimit } from '../app/context.ts';
import { KnowledgeEntryNotFoundError, SelfServiceThrottledError } from '../app/errors.ts';
import { changeEntry } from '../app/knowledge/change-entry.ts';
import type { KnowledgeAppContext, KnowledgeContext } from '../app/knowledge/context.ts';
import { publishedVersion } from '../domain/knowledge/index.ts';
import { apiHandler } from '../http/middleware.ts';
import { json, jsonBody, params } from '../http/request.ts';
import { knowledgeRuntime, selfServiceLimiter } from '../runtime/knowledge.ts';
import { createBaseRuntime } from '../runtime/runtime.ts';
import { entryPathSchema, publicCorrectionSchema, searchQuerySchema } from './knowledge-search-schemas.ts';

/** A client is its source address, kept only as a hash. */
const clientOf = (ip: string | undefined) =>
  createHash('sha256')
    .update(ip ?? 'unknown')
    .digest('base64url')
    .slice(0, 22);

/**
 * Citizens' self-service (AH:31, CZ:二(七) "便于市民自助查阅"), without signing in:
 * GET /v1/public/knowledge/search?q=&region=&category=, GET /v1/public/knowledge/{id}, and
 * POST /v1/public/knowledge/{id}/corrections (查漏纠错, AH:30). Published public entries only:
 * never an internal entry, a draft or a retired entry. Rate-limited per client.
 */
export const selfServiceHandler = (rt: KnowledgeAppContext, kb: KnowledgeContext, limiter: AttemptLimit) =>
  apiHandler(async (event) => {
    const client = clientOf(event.requestContext.identity?.sourceIp);
    if (!(await limiter.tryAcquire(`KBPUBLIC#${client}`, rt.now()))) {
      throw new SelfServiceThrottledError(Math.ceil((60_000 - (rt.now().getTime() % 60_000)) / 1000));
    }
    if (event.resource === '/v1/public/knowledge/search') {
      const query = params(event.queryStringParameters, searchQuerySchema);
      const hits = await kb.search.search(query.q, {
        region: query.region,
        category: query.category,
        publicOnly: true,
        limit: query.limit,
      });
      return json(200, {
        hits: hits.map(({ id, version, title, score, category, regionId }) => ({
          id,
          version,
          title,
          score,
          category,
          regionId,
        })),
      });
    }
    const { id } = params(event.pathParameters, entryPathSchema);
    const entry = await kb.entries.load(id);
    const current = entry && publishedVersion(entry);
    if (!current?.content.public) throw new KnowledgeEntryNotFoundError(id);
    if (event.resource === '/v1/public/knowledge/{id}/corrections') {
      const body = jsonBody(event, publicCorrectionSchema);
      const { entry: after } = await changeEntry(rt, kb, {
        entryId: id,
        command: { action: 'reportCorrection', text: body.text },
        actor: { id: `citizen:${client}`, role: 'citizen' },
      });
      const report = after.corrections.at(-1);
      return json(202, { correctionId: report?.id, dueAt: report?.dueAt });
    }
    const { title, questions, answer, basis, category, regionId, reviewBy } = current.content;
    return json(200, {
      id,
      version: current.version,
      title,
      questions,
      answer,
      basis,
      category,
      regionId,
      reviewBy,
      publishedAt: current.publishedAt,
    });
  });

const runtime = createBaseRuntime();
export const handler = selfServiceHandler(runtime, knowledgeRuntime(runtime), selfServiceLimiter(runtime));
