import createClient, { type Middleware } from 'openapi-fetch';
import type { Action, CommandBody } from './commands.ts';
import type { components, paths } from './schema.d.ts';

export type { Action, CommandBody };

export type Problem = components['schemas']['Problem'];
export type TicketView = components['schemas']['TicketView'];
export type QueueItem = components['schemas']['QueueItem'];
export type QueueName = paths['/v1/queues/{queue}']['get']['parameters']['path']['queue'];

/** Who is signed in: the staff token the API checks. */
export interface Session {
  label: string;
  role: string;
  unitId?: string | undefined;
  token: string;
  /** Epoch milliseconds when the token runs out (a signed-in session in AWS); dev tokens do not. */
  expiresAt?: number | undefined;
}

let session: Session | undefined;
export const currentSession = () => session;
export function signIn(next: Session | undefined) {
  session = next;
  if (next) sessionStorage.setItem('hotline.session', JSON.stringify(next));
  else sessionStorage.removeItem('hotline.session');
}
/** The session this tab kept, unless its token has run out (then the person signs in again). */
export function restoreSession(): Session | undefined {
  const kept = sessionStorage.getItem('hotline.session');
  const restored = kept ? (JSON.parse(kept) as Session) : undefined;
  signIn(restored?.expiresAt !== undefined && restored.expiresAt <= Date.now() ? undefined : restored);
  return session;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    // A signed-in token that ran out while the page was open: sign in again.
    if (response.status === 401 && session?.expiresAt !== undefined) {
      signIn(undefined);
      location.reload();
    }
    return response;
  },
};

/** The API, typed from its OpenAPI document (api/schema.d.ts, generated). Same origin as the console. */
export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** Thrown for every refusal, carrying the API's problem+json. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The data of an answer, or an ApiProblem for a refusal. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const problem = (result.error ?? {}) as Partial<Problem>;
    throw new ApiProblem({
      type: problem.type ?? 'about:blank',
      title: problem.title ?? result.response.statusText,
      status: problem.status ?? result.response.status,
      detail: problem.detail ?? `HTTP ${result.response.status}`,
      ...problem,
    });
  }
  return result.data;
}

/** One command on the ticket version the reader saw (If-Match), as the API's operation for it types it. */
export async function command<A extends Action>(
  id: string,
  version: number,
  action: A,
  body: CommandBody<A>,
) {
  const path = `/v1/tickets/{id}/${action}` as '/v1/tickets/{id}/sign';
  const result = await api.POST(path, {
    params: { path: { id }, header: { 'If-Match': `"${version}"` } },
    body: body as never,
  });
  return unwrap(result);
}
