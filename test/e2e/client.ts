import { inject } from 'vitest';
import { Contract } from '../support/contract.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export const WEB_KEY = 'local-web-portal-key';

/** One HTTP call to the local API, as a channel (key) or a staff member (token). */
export async function call(
  method: string,
  path: string,
  opts: {
    key?: string;
    token?: string;
    ifMatch?: string | number;
    idempotencyKey?: string;
    body?: unknown;
    raw?: string;
    contentType?: string;
    /** Another runtime than the run's shared one. */
    baseUrl?: string;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.key) headers['x-api-key'] = opts.key;
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const base = opts.baseUrl ?? inject('apiUrl');
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  const reply = { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
  if (!path.startsWith('/_local/')) assertDocumented(await contractOf(base), method, path, reply);
  // A registration is counted on the event stream, which may open its supervision (AH:20(六)) a
  // moment later: wait for it, so that a test acts on the ticket as it then stands.
  if (method === 'POST' && /^\/v1\/(desk\/)?tickets$/.test(path) && reply.status === 201)
    await fetch(`${base}/_local/stream`);
  return reply;
}

const contracts = new Map<string, Promise<Contract>>();

/** The OpenAPI document the runtime serves, read once per runtime. */
export function contractOf(base: string): Promise<Contract> {
  let contract = contracts.get(base);
  if (!contract) {
    contract = fetch(`${base}/openapi.json`)
      .then((res) => res.json())
      .then((document) => new Contract(document as Record<string, unknown>));
    contracts.set(base, contract);
  }
  return contract;
}

/**
 * The contract test: every answer the e2e suite receives is what the document says (a documented
 * status, media type, headers and body), or the test that received it fails at once.
 */
export function assertDocumented(contract: Contract, method: string, path: string, reply: Reply): void {
  const mismatches = contract.mismatches(method, path, reply);
  if (mismatches.length > 0) {
    throw new Error(`the answer is not what the OpenAPI document says:\n${mismatches.join('\n')}`);
  }
}

export function token(who: string): string {
  const t = inject('staffTokens')[who];
  if (!t) throw new Error(`no demo token for ${who}`);
  return t;
}

let phoneSeq = 0;
/** A distinct, valid-looking mobile number per ticket, so logs can be searched for each. */
export function phone(): string {
  phoneSeq += 1;
  return `139${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

export function complaint(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'web',
    type: 'complaint',
    category: 'street-vendors',
    regionId: 'shushan',
    content: '路口占道经营，影响通行',
    requester: { name: '王五', phone: phone() },
    ...overrides,
  };
}

/** Registers a ticket and returns its id, number and query code. */
export async function register(overrides: Record<string, unknown> = {}) {
  const reply = await call('POST', '/v1/tickets', { key: WEB_KEY, body: complaint(overrides) });
  if (reply.status !== 201) throw new Error(`intake answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: string; ticketNo: string; queryCode: string; status: string };
}
