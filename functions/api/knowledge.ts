import { KnowledgeEntryNotFoundError } from '../app/errors.ts';
import { changeEntry } from '../app/knowledge/change-entry.ts';
import type { KnowledgeAppContext, KnowledgeContext } from '../app/knowledge/context.ts';
import { importEntries } from '../app/knowledge/import-entries.ts';
import {
  type Entry,
  ensureAllowed,
  knowledgeCommandSchema,
  publishedVersion,
  statusOf,
} from '../domain/knowledge/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError, notFound } from '../http/problem.ts';
import { header, json, jsonBody, params } from '../http/request.ts';
import { knowledgeRuntime } from '../runtime/knowledge.ts';
import { createBaseRuntime } from '../runtime/runtime.ts';
import {
  draftBodySchema,
  ENTRY_ACTIONS,
  entriesQuerySchema,
  entryActionPathSchema,
  exportQuerySchema,
  importBodySchema,
  reviewQuerySchema,
  upkeepQuerySchema,
} from './knowledge-schemas.ts';
import { entryPathSchema } from './knowledge-search-schemas.ts';

const CENTRE_ROLES = ['dispatcher', 'supervisor', 'admin', 'auditor'];
const UNIT_ROLES = ['unitClerk', 'unitHead'];

/** The owning unit and the centre see every version; other staff the published one only. */
function entryView(entry: Entry, actor: Actor) {
  const full = CENTRE_ROLES.includes(actor.role) || actor.unitId === entry.unitId;
  const versions = full ? entry.versions : entry.versions.filter((v) => v.version === entry.published);
  return { ...entry, status: statusOf(entry), versions };
}

function expectedRevision(value: string | undefined): number {
  if (value === undefined) {
    throw new HttpError(428, 'Precondition Required', 'send If-Match with the ETag of the entry you read', {
      rule: 'version.required',
    });
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!match) throw badRequest([{ field: 'If-Match', message: 'expected the ETag of the entry, e.g. "3"' }]);
  return Number(match[1]);
}

/** Unit staff see their own unit's lists; the centre names the unit. */
function unitOf(actor: Actor, named: string | undefined): string {
  const isUnitStaff = UNIT_ROLES.includes(actor.role);
  const unit = named ?? (isUnitStaff ? actor.unitId : undefined);
  if (!unit) throw badRequest([{ field: 'unit', message: 'name the unit' }]);
  if (isUnitStaff && unit !== actor.unitId) {
    throw new HttpError(403, 'Forbidden', `unit staff see their own unit's entries (${actor.unitId})`, {
      rule: 'unit.outOfScope',
    });
  }
  return unit;
}

const respond = (status: number, entry: Entry, actor: Actor, extra: Record<string, unknown> = {}) =>
  json(
    status,
    { ...entryView(entry, actor), ...extra },
    { etag: `"${entry.revision}"`, 'cache-control': 'no-store' },
  );

/**
 * The knowledge base's staff routes (AH:29-30): POST /v1/knowledge (a unit drafts an entry),
 * POST /v1/knowledge/import (an admin brings in a batch, published at once with `publish`),
 * GET /v1/knowledge?unit=&status= (a unit's entries), GET /v1/knowledge/upkeep?unit=&month= (the
 * assessment's counts), GET /v1/knowledge/review?cursor= (versions awaiting the centre, across units,
 * for those who may publish), GET /v1/knowledge/export?cursor= (the published entries, a page at a time), GET /v1/knowledge/{id} (ETag = revision), GET /v1/knowledge/{id}/events,
 * POST /v1/knowledge/{id}/{action} with If-Match (revise, submit, check, publish, review,
 * reportCorrection, answerCorrection, retire).
 */
export const knowledgeHandler = (rt: KnowledgeAppContext, kb: KnowledgeContext) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const resource = event.resource;
    if (resource === '/v1/knowledge' && event.httpMethod === 'POST') {
      const body = jsonBody(event, draftBodySchema);
      const { entry } = await changeEntry(rt, kb, { command: { action: 'draft', ...body }, actor });
      return respond(201, entry, actor);
    }
    if (resource === '/v1/knowledge/import') {
      const body = jsonBody(event, importBodySchema);
      const entries = await importEntries(rt, kb, body.entries, { publish: body.publish, actor });
      return json(201, {
        imported: entries.map((e) => ({
          id: e.id,
          title: e.versions[0]?.content.title,
          status: statusOf(e),
        })),
      });
    }
    if (resource === '/v1/knowledge') {
      const query = params(event.queryStringParameters, entriesQuerySchema);
      return json(200, { items: await kb.entries.byUnit(unitOf(actor, query.unit), query.status) });
    }
    if (resource === '/v1/knowledge/export') {
      if (!CENTRE_ROLES.includes(actor.role)) {
        throw new HttpError(403, 'Forbidden', 'the centre exports the knowledge base', {
          rule: 'role.notAllowed',
        });
      }
      const query = params(event.queryStringParameters, exportQuerySchema);
      const page = await kb.entries.publishedPage(query.limit, query.cursor);
      const items = page.entries.map((entry) => {
        const current = publishedVersion(entry);
        return { id: entry.id, unitId: entry.unitId, version: current?.version, content: current?.content };
      });
      return json(200, { items, cursor: page.cursor ?? null });
    }
    if (resource === '/v1/knowledge/review') {
      // The queue is the work of those who decide on it: the roles that may publish.
      ensureAllowed('publish', actor, '');
      const query = params(event.queryStringParameters, reviewQuerySchema);
      const page = await kb.entries.reviewQueue(query.limit, query.cursor);
      return json(200, { items: page.items, cursor: page.cursor ?? null }, { 'cache-control': 'no-store' });
    }
    if (resource === '/v1/knowledge/upkeep') {
      const query = params(event.queryStringParameters, upkeepQuerySchema);
      const unit = unitOf(actor, query.unit);
      return json(200, { unit, month: query.month, counts: await kb.entries.upkeep(unit, query.month) });
    }
    if (resource === '/v1/knowledge/{id}/{action}') {
      const { id, action } = params(event.pathParameters, entryActionPathSchema);
      if (!(ENTRY_ACTIONS as string[]).includes(action)) {
        throw notFound(`no command "${action}"; commands: ${ENTRY_ACTIONS.join(', ')}`);
      }
      const revision = expectedRevision(header(event, 'if-match'));
      const fields = event.body ? jsonBody(event, z.record(z.string(), z.unknown())) : {};
      const command = knowledgeCommandSchema.parse({ ...fields, action });
      const { entry, events } = await changeEntry(rt, kb, {
        entryId: id,
        command,
        actor,
        expectedRevision: revision,
      });
      return respond(200, entry, actor, { events: events.map((e) => e.type) });
    }
    const { id } = params(event.pathParameters, entryPathSchema);
    const entry = await kb.entries.load(id);
    if (!entry) throw new KnowledgeEntryNotFoundError(id);
    if (resource === '/v1/knowledge/{id}/events') {
      const full = CENTRE_ROLES.includes(actor.role) || actor.unitId === entry.unitId;
      if (!full)
        throw new HttpError(403, 'Forbidden', "the history is the owning unit's and the centre's", {
          rule: 'unit.outOfScope',
        });
      return json(200, { items: await kb.entries.events(id) });
    }
    return respond(200, entry, actor);
  });

const runtime = createBaseRuntime();
export const handler = knowledgeHandler(runtime, knowledgeRuntime(runtime));
