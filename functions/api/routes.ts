/**
 * Every route of the REST API, declared once: the local server and the CDK API stack both build
 * from this list, and the OpenAPI document describes it. `handler` names a file in this folder.
 */
export type Auth = 'channelKey' | 'staff' | 'none';

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  handler:
    | 'intake'
    | 'progress'
    | 'tickets'
    | 'commands'
    | 'directory'
    | 'openapi'
    | 'knowledge'
    | 'search'
    | 'selfservice'
    | 'reports'
    | 'assessment'
    | 'queues'
    | 'calendar';
  auth: Auth;
}

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/v1/tickets', handler: 'intake', auth: 'channelKey' },
  { method: 'POST', path: '/v1/desk/tickets', handler: 'intake', auth: 'staff' },
  { method: 'GET', path: '/v1/progress/{ticketNo}', handler: 'progress', auth: 'none' },
  { method: 'GET', path: '/v1/tickets', handler: 'tickets', auth: 'staff' },
  { method: 'GET', path: '/v1/tickets/{id}', handler: 'tickets', auth: 'staff' },
  { method: 'GET', path: '/v1/tickets/{id}/events', handler: 'tickets', auth: 'staff' },
  { method: 'GET', path: '/v1/tickets/{id}/reads', handler: 'tickets', auth: 'staff' },
  { method: 'POST', path: '/v1/tickets/{id}/{action}', handler: 'commands', auth: 'staff' },
  { method: 'GET', path: '/v1/queues/{queue}', handler: 'queues', auth: 'staff' },
  { method: 'GET', path: '/v1/directory/{kind}', handler: 'directory', auth: 'staff' },
  { method: 'GET', path: '/v1/directory/{kind}/{id}', handler: 'directory', auth: 'staff' },
  { method: 'PUT', path: '/v1/directory/{kind}/{id}', handler: 'directory', auth: 'staff' },
  // The knowledge base (AH:29-31): static paths before {id}, as the local server matches in order.
  { method: 'GET', path: '/v1/knowledge/search', handler: 'search', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge/upkeep', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge/export', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge/review', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge', handler: 'knowledge', auth: 'staff' },
  { method: 'POST', path: '/v1/knowledge', handler: 'knowledge', auth: 'staff' },
  { method: 'POST', path: '/v1/knowledge/import', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge/{id}', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/knowledge/{id}/events', handler: 'knowledge', auth: 'staff' },
  { method: 'POST', path: '/v1/knowledge/{id}/{action}', handler: 'knowledge', auth: 'staff' },
  { method: 'GET', path: '/v1/public/knowledge/search', handler: 'selfservice', auth: 'none' },
  { method: 'GET', path: '/v1/public/knowledge/{id}', handler: 'selfservice', auth: 'none' },
  { method: 'POST', path: '/v1/public/knowledge/{id}/corrections', handler: 'selfservice', auth: 'none' },
  // Reports (PDS:19; AH:33) and the assessment (JZ:四(四); PDS:26-29).
  { method: 'GET', path: '/v1/reports/{reportType}/{period}', handler: 'reports', auth: 'staff' },
  { method: 'POST', path: '/v1/reports/{reportType}/{period}', handler: 'reports', auth: 'staff' },
  { method: 'GET', path: '/v1/reports/{reportType}/{period}/csv', handler: 'reports', auth: 'staff' },
  { method: 'GET', path: '/v1/reports/{reportType}/{period}/html', handler: 'reports', auth: 'staff' },
  { method: 'GET', path: '/v1/assessment/scores', handler: 'assessment', auth: 'staff' },
  { method: 'GET', path: '/v1/assessment/sanctions', handler: 'assessment', auth: 'staff' },
  { method: 'POST', path: '/v1/assessment/sanctions', handler: 'assessment', auth: 'staff' },
  { method: 'GET', path: '/v1/assessment/analyses', handler: 'assessment', auth: 'staff' },
  { method: 'POST', path: '/v1/assessment/analyses', handler: 'assessment', auth: 'staff' },
  // The working-day calendar: each year's schedule source.
  { method: 'GET', path: '/v1/calendar/years', handler: 'calendar', auth: 'staff' },
  { method: 'GET', path: '/openapi.json', handler: 'openapi', auth: 'none' },
];
