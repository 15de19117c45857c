import { describe, expect, it } from 'vitest';
import { call, complaint, register, token, WEB_KEY } from './client.ts';

/**
 * What the API answers where the black-box run of issue 9 found it answering something else. Every
 * answer is also checked against the OpenAPI document by the client.
 */

const dispatcher = () => token('dispatcher');
const admin = () => token('admin');

async function versionOf(id: string): Promise<number> {
  const reply = await call('GET', `/v1/tickets/${id}`, { token: dispatcher() });
  return Number(reply.headers.get('etag')?.replaceAll('"', ''));
}

describe('Methods and paths', () => {
  it('an unsupported method on a path answers 405 with Allow, not 404', async () => {
    const reply = await call('DELETE', '/v1/tickets', { token: dispatcher() });
    expect(reply).toMatchObject({ status: 405, body: { rule: 'request.methodNotAllowed' } });
    expect(reply.headers.get('allow')).toBe('POST, GET');
  });

  it('an unknown directory kind answers 404 like any path the document does not list', async () => {
    const reply = await call('GET', '/v1/directory/people', { token: dispatcher() });
    expect(reply).toMatchObject({ status: 404, body: { rule: 'resource.notFound' } });
  });
});

describe('Intake', () => {
  it('without an API key answers 401, as documented', async () => {
    const reply = await call('POST', '/v1/tickets', { body: complaint() });
    expect(reply).toMatchObject({ status: 401, body: { rule: 'auth.invalidApiKey' } });
  });

  it('an unknown request type is 400 naming type, not 409', async () => {
    const reply = await call('POST', '/v1/tickets', { key: WEB_KEY, body: complaint({ type: 'praise' }) });
    expect(reply).toMatchObject({
      status: 400,
      body: { rule: 'intake.unknownType', errors: [{ field: 'type' }] },
    });
  });

  it('refuses a category and a region that are not in the directory, naming the field', async () => {
    const category = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: complaint({ category: 'ghosts' }),
    });
    const region = await call('POST', '/v1/tickets', {
      key: WEB_KEY,
      body: complaint({ regionId: 'atlantis' }),
    });
    expect(category).toMatchObject({ status: 400, body: { errors: [{ field: 'category' }] } });
    expect(region).toMatchObject({ status: 400, body: { errors: [{ field: 'regionId' }] } });
  });

  it('anonymous: true keeps no personal data: the name and phone sent with it are dropped', async () => {
    // Act
    const { id } = await register({ requester: { anonymous: true, name: '匿名者', phone: '13912340000' } });

    // Assess: even the centre, which sees personal data in full, finds none
    const reply = await call('GET', `/v1/tickets/${id}`, { token: dispatcher() });
    expect(reply.body).toMatchObject({ ticket: { requester: { anonymous: true } } });
    expect(JSON.stringify(reply.body)).not.toContain('匿名者');
    expect(JSON.stringify(reply.body)).not.toContain('13912340000');
    const history = await call('GET', `/v1/tickets/${id}/events`, { token: dispatcher() });
    expect(JSON.stringify(history.body)).not.toContain('匿名者');
  });
});

describe('Dispatch', () => {
  it('a limit past what the calendar can serve is 400 naming the field, never a 500', async () => {
    // Prepare
    const { id } = await register();
    const version = await versionOf(id);

    // Act
    const days = await call('POST', `/v1/tickets/${id}/dispatch`, {
      token: dispatcher(),
      ifMatch: version,
      body: {
        leadUnit: 'ss-urban',
        level: 'county',
        legalLimit: { limit: { workingDays: 20000 }, basis: '某法' },
      },
    });
    const hours = await call('POST', `/v1/tickets/${id}/dispatch`, {
      token: dispatcher(),
      ifMatch: version,
      body: { leadUnit: 'ss-urban', level: 'county', legalLimit: { limit: { hours: 1e6 }, basis: '某法' } },
    });

    // Assess
    expect(days).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'legalLimit.limit.workingDays' }] },
    });
    expect(hours).toMatchObject({ status: 400, body: { errors: [{ field: 'legalLimit.limit.hours' }] } });
  });

  it("refuses units that do not exist and a level that is not the unit's own, naming the field", async () => {
    // Prepare
    const { id } = await register();
    const version = await versionOf(id);
    const dispatch = (body: object) =>
      call('POST', `/v1/tickets/${id}/dispatch`, { token: dispatcher(), ifMatch: version, body });

    // Act
    const lead = await dispatch({ leadUnit: 'no-such-unit', level: 'county' });
    const co = await dispatch({ leadUnit: 'ss-urban', coUnits: ['ghost'], level: 'county' });
    const level = await dispatch({ leadUnit: 'ss-sanlian', level: 'province' });

    // Assess
    expect(lead).toMatchObject({
      status: 400,
      body: { rule: 'dispatch.unknownUnit', errors: [{ field: 'leadUnit' }] },
    });
    expect(co).toMatchObject({
      status: 400,
      body: { rule: 'dispatch.unknownUnit', errors: [{ field: 'coUnits.0' }] },
    });
    expect(level).toMatchObject({
      status: 400,
      body: { rule: 'dispatch.levelNotUnits', errors: [{ field: 'level' }] },
    });
  });
});

describe('Directory', () => {
  const put = (kind: string, id: string, body: object) =>
    call('PUT', `/v1/directory/${kind}/${id}`, { token: admin(), body });

  it('refuses a parent or a region that does not exist and a unit that is its own parent', async () => {
    const parent = await put('unit', 'e2e-a', {
      id: 'e2e-a',
      name: 'A',
      level: 'county',
      parentId: 'nobody',
    });
    const region = await put('unit', 'e2e-b', {
      id: 'e2e-b',
      name: 'B',
      level: 'county',
      regionId: 'atlantis',
    });
    const self = await put('unit', 'e2e-c', { id: 'e2e-c', name: 'C', level: 'county', parentId: 'e2e-c' });
    const catalogue = await put('catalogue', 'e2e-d', {
      id: 'e2e-d',
      name: 'D',
      unitId: 'nobody',
      level: 'city',
    });

    expect(parent).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'parentId', message: 'no unit "nobody"' }] },
    });
    expect(region).toMatchObject({ status: 400, body: { errors: [{ field: 'regionId' }] } });
    expect(self).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'parentId', message: 'a unit cannot be its own parent' }] },
    });
    expect(catalogue).toMatchObject({ status: 400, body: { errors: [{ field: 'unitId' }] } });
    expect((await call('GET', '/v1/directory/unit/e2e-a', { token: admin() })).status).toBe(404);
  });

  it('a unit added through the API can be dispatched to at once', async () => {
    // Prepare
    const added = await put('unit', 'e2e-new', {
      id: 'e2e-new',
      name: '新单位',
      level: 'county',
      parentId: 'ss-gov',
    });
    const { id } = await register();

    // Act
    const reply = await call('POST', `/v1/tickets/${id}/dispatch`, {
      token: dispatcher(),
      ifMatch: await versionOf(id),
      body: { leadUnit: 'e2e-new', level: 'county' },
    });

    // Assess
    expect(added.status).toBe(201);
    expect(reply.status).toBe(200);
  });
});
