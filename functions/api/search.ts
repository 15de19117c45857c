import type { KnowledgeContext } from '../app/knowledge/context.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { json, params } from '../http/request.ts';
import { knowledgeRuntime } from '../runtime/knowledge.ts';
import { createBaseRuntime } from '../runtime/runtime.ts';
import { searchQuerySchema } from './knowledge-search-schemas.ts';

/**
 * GET /v1/knowledge/search?q=&region=&category=&limit= — the agents' search while the citizen is on
 * the line (AH:12(一)): published entries, public and internal, the region's own before those of the
 * regions above it. A hit's id and version are what answerOnSpot cites.
 */
export const searchHandler = (kb: KnowledgeContext) =>
  apiHandler(async (event) => {
    staffActor(event);
    const query = params(event.queryStringParameters, searchQuerySchema);
    const hits = await kb.search.search(query.q, {
      region: query.region,
      category: query.category,
      publicOnly: false,
      limit: query.limit,
    });
    return json(200, { hits });
  });

export const handler = searchHandler(knowledgeRuntime(createBaseRuntime()));
