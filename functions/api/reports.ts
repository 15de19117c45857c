import type { APIGatewayProxyResult } from 'aws-lambda';
import { generateReport, type ReportDeps, type ReportFormat, storedReport } from '../app/reports/generate.ts';
import { parsePeriod, type ReportPeriod } from '../domain/reports/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError } from '../http/problem.ts';
import { params } from '../http/request.ts';
import { reportRuntime } from '../runtime/reports.ts';
import { createRuntime } from '../runtime/runtime.ts';
import type { generatedReportSchema } from './report-responses.ts';
import { reportPathSchema } from './report-schemas.ts';
import { answer } from './respond.ts';

/** Who reads the reports: the centre's oversight roles and the units' heads (the bulletin is published, PDS:26). */
export const REPORT_READERS = ['dispatcher', 'supervisor', 'admin', 'auditor', 'unitHead'];
/** Who generates one: the centre's supervisors and admins. */
export const REPORT_WRITERS = ['supervisor', 'admin'];

function allow(actor: Actor, roles: readonly string[], what: string) {
  if (!roles.includes(actor.role)) {
    throw new HttpError(403, 'Forbidden', `a ${actor.role} may not ${what}`, { rule: 'role.notAllowed' });
  }
}

function periodOf(pathParameters: Record<string, string | undefined> | null): ReportPeriod {
  const path = params(pathParameters, reportPathSchema);
  const period = parsePeriod(path.reportType, path.period);
  if ('error' in period) throw badRequest([{ field: 'period', message: period.error }]);
  return period;
}

/**
 * The analysis reports (PDS:19; AH:33; TN:16):
 * POST /v1/reports/{reportType}/{period} generates one from the aggregates, stores it as JSON, CSV
 * and HTML and opens supervision on its clusters (AH:20(六)); GET …/{period} answers the stored
 * JSON, GET …/{period}/csv and …/{period}/html the renderings. A report never generated is 404.
 */
export const reportsHandler = (deps: ReportDeps) =>
  apiHandler(async (event): Promise<APIGatewayProxyResult> => {
    const actor = staffActor(event);
    const period = periodOf(event.pathParameters);
    if (event.httpMethod === 'POST') {
      allow(actor, REPORT_WRITERS, 'generate a report');
      const { report, supervised } = await generateReport(deps, period);
      return answer<typeof generatedReportSchema>(201, { report, supervised });
    }
    allow(actor, REPORT_READERS, 'read the reports');
    const format: ReportFormat = event.resource.endsWith('/csv')
      ? 'csv'
      : event.resource.endsWith('/html')
        ? 'html'
        : 'json';
    const stored = await storedReport(deps, period, format);
    if (!stored) {
      throw new HttpError(
        404,
        'Not Found',
        `the ${period.kind} report of ${period.id} has not been generated: POST /v1/reports/${period.kind}/${period.id}`,
        { rule: 'report.notGenerated' },
      );
    }
    return {
      statusCode: 200,
      headers: { 'content-type': stored.contentType, 'cache-control': 'no-store' },
      body: stored.body,
    };
  });

export const handler = reportsHandler(reportRuntime(createRuntime()));
