import type { AppContext } from '../app/context.ts';
import { DirectoryEntryNotFoundError } from '../app/errors.ts';
import {
  DIRECTORY_KINDS,
  DIRECTORY_REFERENCES,
  DIRECTORY_SCHEMAS,
  type DirectoryKind,
  referenceErrors,
} from '../domain/directory/index.ts';
import { z } from '../domain/zod.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError, notFound } from '../http/problem.ts';
import { json, jsonBody, params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { directoryIdSchema } from './query-schemas.ts';

const isKind = (kind: string | undefined): kind is DirectoryKind =>
  (DIRECTORY_KINDS as readonly string[]).includes(kind ?? '');

/** The parents, regions and units an entry names that are not in the directory (read fresh). */
async function danglingReferences(rt: AppContext, kind: DirectoryKind, entry: Record<string, unknown>) {
  const targets = [...new Set(DIRECTORY_REFERENCES[kind].map((r) => r.target))];
  const stored = Object.fromEntries(
    await Promise.all(
      targets.map(async (t) => [t, new Set((await rt.directory.all(t)).map((e) => e.id))] as const),
    ),
  );
  return referenceErrors(kind, entry, (target, refId) => stored[target]?.has(refId) ?? false);
}

/**
 * Staff read the directory; only admins change it. Channel entries (API keys) are admin-only. The
 * document lists one path per kind, so an unknown kind is a path that does not exist: 404.
 */
export const directoryHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const kind = event.pathParameters?.kind;
    if (!isKind(kind)) throw notFound(`no directory kind "${kind}"; kinds: ${DIRECTORY_KINDS.join(', ')}`);
    const { id } = params(event.pathParameters, z.object({ id: z.optional(directoryIdSchema) }));
    const admin = actor.role === 'admin';
    if (!admin && (event.httpMethod !== 'GET' || kind === 'channel')) {
      throw new HttpError(403, 'Forbidden', 'only an admin changes the directory or reads channel keys', {
        rule: 'role.notAllowed',
      });
    }
    if (event.httpMethod === 'PUT') {
      if (!id) throw notFound('PUT names the entry: /v1/directory/{kind}/{id}');
      const entry = jsonBody(event, DIRECTORY_SCHEMAS[kind]);
      if (entry.id !== id)
        throw badRequest([{ field: 'id', message: `must equal the id in the path (${id})` }]);
      const dangling = await danglingReferences(rt, kind, entry);
      if (dangling.length > 0) throw badRequest(dangling);
      const outcome = await rt.directory.put(kind, entry);
      return json(outcome === 'added' ? 201 : 200, { outcome, entry });
    }
    if (id) {
      const entry = await rt.directory.get(kind, id);
      if (!entry) throw new DirectoryEntryNotFoundError(kind, id);
      return json(200, entry);
    }
    return json(200, { items: await rt.directory.all(kind) });
  });

export const handler = directoryHandler(createRuntime());
