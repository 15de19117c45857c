import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelEntry } from '../../../functions/domain/directory/index.ts';
import type { MemoryContext } from '../../support/memory-ports.ts';
import {
  bodyOf,
  expectBadField,
  expectOpaque500,
  expectProblem,
  lambdaContext,
  request,
  type StaffClaims,
  staff,
} from './events.ts';
import { contextWithUnits, UNITS } from './fixtures.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let directoryHandler: (ctx: MemoryContext) => Handler;
let handler: Handler;

const admin = staff('admin');
const dispatcher = staff('dispatcher');
const CHANNEL: ChannelEntry = { id: 'key-web', name: '政府网站', channels: ['web'] };
const NEW_UNIT = { id: 'street-b', name: 'B街道', level: 'township', parentId: 'district-housing' };

const get = (kind: string, id: string | undefined, claims: StaffClaims | undefined) =>
  handler(
    request({
      method: 'GET',
      resource: id === undefined ? '/v1/directory/{kind}' : '/v1/directory/{kind}/{id}',
      pathParameters: id === undefined ? { kind } : { kind, id },
      ...(claims ? { claims } : {}),
    }),
    lambdaContext('directory'),
  );

const put = (
  kind: string,
  id: string | undefined,
  body: unknown,
  claims: StaffClaims | null = admin,
  headers?: Record<string, string>,
) =>
  handler(
    request({
      method: 'PUT',
      resource: id === undefined ? '/v1/directory/{kind}' : '/v1/directory/{kind}/{id}',
      pathParameters: id === undefined ? { kind } : { kind, id },
      body,
      ...(claims ? { claims } : {}),
      ...(headers ? { headers } : {}),
    }),
    lambdaContext('directory'),
  );

let ctx: MemoryContext;

beforeAll(async () => {
  ({ directoryHandler } = await import('../../../functions/api/directory.ts'));
});

beforeEach(() => {
  ctx = contextWithUnits();
  ctx.directory.seed('channel', CHANNEL);
  handler = directoryHandler(ctx);
});

describe('Handler: directory', () => {
  describe('GET /v1/directory/{kind} and /v1/directory/{kind}/{id}', () => {
    it('answers 200 with every entry of a kind', async () => {
      // Act
      const response = await get('unit', undefined, staff('unitClerk', 'street-a'));

      // Assess
      expect(response.statusCode).toBe(200);
      expect(response.headers?.['content-type']).toBe('application/json');
      const { items } = bodyOf(response);
      expect(items).toHaveLength(UNITS.length);
      expect(items).toEqual(expect.arrayContaining(UNITS));
    });

    it('answers 200 with one entry', async () => {
      const response = await get('unit', 'district-housing', dispatcher);
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual(UNITS[1]);
    });

    it('an admin reads the channel entries (API keys)', async () => {
      const response = await get('channel', undefined, admin);
      expect(bodyOf(response)).toEqual({ items: [CHANNEL] });
    });

    it('404 for a kind that is not a directory kind: the document lists one path per kind', async () => {
      // Act
      const response = await get('people', undefined, dispatcher);

      // Assess
      expectProblem(response, 404, 'resource.notFound');
      expect(ctx.directory.calls).toEqual([]);
    });

    it('400 names id when it is longer than 64 characters', async () => {
      expectBadField(await get('unit', 'u'.repeat(65), dispatcher), 'id');
    });

    it('401 without staff claims', async () => {
      expectProblem(await get('unit', undefined, undefined), 401, 'auth.required');
      expect(ctx.directory.calls).toEqual([]);
    });

    it('403 role.unknown when the token carries no known role', async () => {
      expectProblem(await get('unit', undefined, { sub: 'x', 'custom:role': '' }), 403, 'role.unknown');
    });

    it('403 role.notAllowed when anyone but an admin reads the channel keys', async () => {
      // Act
      const list = await get('channel', undefined, dispatcher);
      const one = await get('channel', 'key-web', staff('auditor'));

      // Assess
      expectProblem(list, 403, 'role.notAllowed');
      expectProblem(one, 403, 'role.notAllowed');
      expect(ctx.directory.calls).toEqual([]);
    });

    it('404 for an unknown entry', async () => {
      const response = await get('catalogue', 'housing', dispatcher);
      expect(expectProblem(response, 404, 'resource.notFound').detail).toBe('no catalogue housing');
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.directory, 'all').mockRejectedValueOnce(
        new Error('AccessDeniedException: not authorized on table/hotline-test'),
      );

      // Act
      const response = await get('unit', undefined, dispatcher);

      // Assess
      expectOpaque500(response, 'AccessDenied', 'hotline-test');
    });
  });

  describe('PUT /v1/directory/{kind}/{id}', () => {
    it('201 added for a new entry, stored under its kind', async () => {
      // Act
      const response = await put('unit', 'street-b', NEW_UNIT);

      // Assess
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toEqual({ outcome: 'added', entry: NEW_UNIT });
      expect(await ctx.directory.get('unit', 'street-b')).toEqual(NEW_UNIT);
    });

    it('200 changed or unchanged for an existing entry', async () => {
      // Act
      const same = await put('channel', 'key-web', CHANNEL);
      const changed = await put('channel', 'key-web', { ...CHANNEL, channels: ['web', 'app'] });

      // Assess
      expect(same.statusCode).toBe(200);
      expect(bodyOf(same).outcome).toBe('unchanged');
      expect(changed.statusCode).toBe(200);
      expect(bodyOf(changed)).toEqual({
        outcome: 'changed',
        entry: { ...CHANNEL, channels: ['web', 'app'] },
      });
      expect((await ctx.directory.get('channel', 'key-web'))?.channels).toEqual(['web', 'app']);
    });

    it('400 names id when the body names another entry than the path', async () => {
      // Act
      const response = await put('unit', 'street-c', NEW_UNIT);

      // Assess
      const problem = expectBadField(response, 'id');
      expect(problem.detail).toBe('id: must equal the id in the path (street-c)');
      expect(ctx.directory.calls).not.toContain('put');
    });

    it('400 names each field that breaks the schema of the kind', async () => {
      // Act
      const response = await put('unit', 'street-b', { ...NEW_UNIT, level: 'galaxy', parentId: 'bad id!' });

      // Assess
      const problem = expectProblem(response, 400, 'request.invalid');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['level', 'parentId']);
      expect(ctx.directory.calls).not.toContain('put');
    });

    it('400 for a field the kind does not have', async () => {
      const response = await put('catalogue', 'housing', {
        id: 'housing',
        name: '住房',
        unitId: 'district-housing',
        level: 'county',
        budget: 100,
      });
      expect(expectProblem(response, 400, 'request.invalid').detail).toContain('budget');
    });

    it('400 names (body) when the body is not JSON', async () => {
      expectBadField(await put('unit', 'street-b', '{"id":"street-b",'), '(body)');
    });

    it('403 role.notAllowed when anyone but an admin changes the directory', async () => {
      // Act
      const response = await put('unit', 'street-b', NEW_UNIT, dispatcher);

      // Assess
      expect(expectProblem(response, 403, 'role.notAllowed').detail).toBe(
        'only an admin changes the directory or reads channel keys',
      );
      expect(ctx.directory.calls).toEqual([]);
    });

    it('401 without staff claims', async () => {
      expectProblem(await put('unit', 'street-b', NEW_UNIT, null), 401, 'auth.required');
      expect(ctx.directory.calls).toEqual([]);
    });

    it('404 when PUT names no entry', async () => {
      const response = await put('unit', undefined, NEW_UNIT);
      expect(expectProblem(response, 404, 'resource.notFound').detail).toBe(
        'PUT names the entry: /v1/directory/{kind}/{id}',
      );
    });

    it('413 for a body over 64 KiB', async () => {
      const response = await put('unit', 'street-b', { ...NEW_UNIT, contact: 'x'.repeat(64 * 1024) });
      expectProblem(response, 413, 'request.tooLarge');
      expect(ctx.directory.calls).toEqual([]);
    });

    it('415 for a body that is not application/json', async () => {
      const response = await put('unit', 'street-b', JSON.stringify(NEW_UNIT), admin, {
        'content-type': 'text/csv',
      });
      expectProblem(response, 415, 'request.mediaType');
    });

    it('500 that says nothing of the cause when the store fails unexpectedly', async () => {
      // Prepare
      vi.spyOn(ctx.directory, 'put').mockRejectedValueOnce(
        new Error('ItemCollectionSizeLimitExceededException: DIR#unit'),
      );

      // Act
      const response = await put('unit', 'street-b', NEW_UNIT);

      // Assess
      expectOpaque500(response, 'ItemCollection', 'DIR#unit');
    });
  });
});
