import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Contract } from '../support/contract.ts';
import { arbitraryOf } from '../support/schema-arbitrary.ts';
import { assertDocumented, call, contractOf, register, token, WEB_KEY } from './client.ts';

/**
 * The generated-request check: requests made from the OpenAPI document itself, mostly schema-valid
 * and some not, with real and made-up ids, tokens and versions, sent to the local API. Every answer
 * must be a documented status with a documented body, and none a 5xx. Bounded to a few hundred
 * requests so that it runs in seconds.
 */

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}
interface Operation {
  method: string;
  template: string;
  parameters: Parameter[];
  security: string[];
  body?: Json;
}

const RUNS = 300;

let document: Json;
let contract: Contract;
let ticketIds: string[];
let ticketNos: { ticketNo: string; queryCode: string }[];

beforeAll(async () => {
  const base = inject('apiUrl');
  document = (await call('GET', '/openapi.json')).body;
  contract = await contractOf(base);
  const tickets = await Promise.all([register(), register(), register({ regionId: 'baohe' })]);
  ticketIds = tickets.map((t) => t.id);
  ticketNos = tickets.map(({ ticketNo, queryCode }) => ({ ticketNo, queryCode }));
  // One of them dispatched, so that unit staff commands meet a ticket in their hands.
  const dispatched = await call('GET', `/v1/tickets/${ticketIds[0]}`, { token: token('dispatcher') });
  await call('POST', `/v1/tickets/${ticketIds[0]}/dispatch`, {
    token: token('dispatcher'),
    ifMatch: Number(dispatched.headers.get('etag')?.replaceAll('"', '')),
    body: { leadUnit: 'ss-urban', level: 'county' },
  });
});

function operations(): Operation[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([template, item]) =>
    Object.entries(item).map(([method, raw]) => {
      const op = raw as Json;
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      return {
        method: method.toUpperCase(),
        template,
        parameters: (op.parameters ?? []) as Parameter[],
        security: ((op.security ?? []) as Json[]).flatMap((s) => Object.keys(s)),
        body: body?.['application/json']?.schema as Json | undefined,
      };
    }),
  );
}

/** Mostly a value the schema accepts; now and then any JSON value at all. */
const mostlyValid = (schema: Json) =>
  fc.oneof({ weight: 5, arbitrary: arbitraryOf(schema, document) }, { weight: 1, arbitrary: fc.jsonValue() });

function parameterValue(op: Operation, p: Parameter): fc.Arbitrary<string | undefined> {
  if (p.in === 'path' && p.name === 'id' && op.template.startsWith('/v1/tickets/')) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ticketIds) },
      fc.uuid(),
      fc.string({ minLength: 1 }),
    );
  }
  if (p.in === 'path' && p.name === 'id') {
    // Directory writes only touch entries of their own, never the demo directory other tests use.
    return fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `gen-${s}`);
  }
  if (p.in === 'path' && p.name === 'ticketNo') {
    return fc.oneof(fc.constantFrom(...ticketNos.map((t) => t.ticketNo)), fc.stringMatching(/^\d{14}$/));
  }
  if (p.in === 'header' && p.name === 'If-Match') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `"${n}"`) },
      fc.constant(undefined),
      fc.string(),
    );
  }
  const value = fc.oneof(
    { weight: 4, arbitrary: arbitraryOf(p.schema, document).map((v) => String(v)) },
    fc.string().map((s) => s || 'x'),
  );
  return p.required ? value : fc.option(value, { nil: undefined });
}

const STAFF = [
  'dispatcher',
  'unitClerk@ss-urban',
  'unitClerk@bh-urban',
  'admin',
  'supervisor',
  'callbackAgent',
];

function credentials(op: Operation): fc.Arbitrary<Record<string, string>> {
  if (op.security.includes('staff')) {
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc.constantFrom(...STAFF).map((who) => ({ authorization: `Bearer ${token(who)}` })),
      },
      fc.constant({}),
      fc.constant({ authorization: 'Bearer not-a-token' }),
    );
  }
  if (op.security.includes('channelKey')) {
    return fc.oneof({ weight: 6, arbitrary: fc.constant({ 'x-api-key': WEB_KEY }) }, fc.constant({}));
  }
  return fc.constant({});
}

interface GeneratedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function request(op: Operation): fc.Arbitrary<GeneratedRequest> {
  const values = Object.fromEntries(op.parameters.map((p) => [`${p.in}:${p.name}`, parameterValue(op, p)]));
  return fc
    .record({
      values: fc.record(values),
      auth: credentials(op),
      body: op.body ? fc.option(mostlyValid(op.body), { nil: undefined, freq: 8 }) : fc.constant(undefined),
    })
    .map(({ values, auth, body }) => {
      const value = (place: string, name: string) => values[`${place}:${name}`] as string | undefined;
      // `.` and `..` are sent as `.x` and `..x`: a URL resolves those segments away, naming another path.
      let path = op.template.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(value('path', name) ?? '').replace(/^\.\.?$/, '$&x'),
      );
      // A directory entry's body names the same id as its path, as the server requires, most of the time.
      const pathId = value('path', 'id');
      const sent =
        body && typeof body === 'object' && !Array.isArray(body) && pathId?.startsWith('gen-')
          ? { ...body, id: pathId }
          : body;
      const query = op.parameters
        .filter((p) => p.in === 'query' && value('query', p.name) !== undefined)
        .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(value('query', p.name) as string)}`);
      if (query.length) path += `?${query.join('&')}`;
      const headers: Record<string, string> = { ...auth };
      for (const p of op.parameters.filter((p) => p.in === 'header')) {
        const v = value('header', p.name);
        if (v !== undefined && /^[\t\x20-\x7e]*$/.test(v)) headers[p.name.toLowerCase()] = v;
      }
      if (sent !== undefined) headers['content-type'] = 'application/json';
      return {
        method: op.method,
        path,
        headers,
        ...(sent === undefined ? {} : { body: JSON.stringify(sent) }),
      };
    });
}

describe('Generated requests from the OpenAPI document', () => {
  it(`${RUNS} requests over every operation: each answer documented, none a 5xx`, async () => {
    const base = inject('apiUrl');
    const generated = fc.constantFrom(...operations()).chain(request);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(generated, async (req) => {
        sent += 1;
        const res = await fetch(`${base}${req.path}`, {
          method: req.method,
          headers: req.headers,
          body: req.body,
        });
        const text = await res.text();
        const reply = { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
        expect(reply.status, `${req.method} ${req.path} ${req.body ?? ''}\n${text}`).toBeLessThan(500);
        assertDocumented(contract, req.method, req.path, reply);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(sent).toBe(RUNS);
  });
});
