import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { DirectoryEntryNotFoundError } from '../app/errors.ts';
import { DIRECTORY_KINDS, DIRECTORY_SCHEMAS, type DirectoryKind } from '../domain/directory/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError, notFound } from '../http/problem.ts';
import { json, jsonBody, params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';

const pathSchema = z.object({
  kind: z.enum(DIRECTORY_KINDS as [DirectoryKind, ...DirectoryKind[]]),
  id: z.string().min(1).max(64).optional(),
});

/** Staff read the directory; only admins change it. Channel entries (API keys) are admin-only. */
export const directoryHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const { kind, id } = params(event.pathParameters, pathSchema);
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
