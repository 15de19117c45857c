import { z } from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import type { OpenApiHelpers } from './knowledge-openapi.ts';
import {
  analysisListSchema,
  analysisSchema,
  generatedReportSchema,
  reportSchema,
  scoresSchema,
  storedSanctionListSchema,
  storedSanctionSchema,
} from './report-responses.ts';
import {
  analysisBodySchema,
  manualSanctionBodySchema,
  monthQuerySchema,
  reportPathSchema,
} from './report-schemas.ts';

const staff = { security: [{ staff: [] }] };
const json = (description: string, schema: z.ZodType, status = '200') => ({
  [status]: { description, content: { 'application/json': { schema } } },
});
const text = (description: string, media: string) => ({
  '200': { description, content: { [media]: { schema: z.string() } } },
});

const READERS = 'Dispatchers, supervisors, admins, auditors and unit heads read the reports.';

/** The reports (PDS:19; AH:33; TN:16) and the assessment (JZ:四(四); PDS:26-29), from their handlers' schemas. */
export function reportOperations(
  h: OpenApiHelpers,
): Record<string, Record<string, ZodOpenApiOperationObject>> {
  const path = { path: reportPathSchema };
  const rendering = (format: 'csv' | 'html', media: string, what: string): ZodOpenApiOperationObject => ({
    operationId: `getReport${format.toUpperCase()}`,
    summary: `A stored report ${what}`,
    description: `${READERS} 404 (\`report.notGenerated\`) until the report is generated.`,
    tags: ['reports'],
    ...staff,
    requestParams: path,
    responses: h.responses(text(`the report ${what}`, media), 400, 401, 403, 404),
  });
  return {
    '/v1/reports/{reportType}/{period}': {
      get: {
        operationId: 'getReport',
        summary: 'A stored report as data: weekly analysis, monthly bulletin or yearly summary',
        description: `${READERS} 404 (\`report.notGenerated\`) until the report is generated; the monthly close generates each month's bulletin.`,
        tags: ['reports'],
        ...staff,
        requestParams: path,
        responses: h.responses(json('the report', reportSchema), 400, 401, 403, 404),
      },
      post: {
        operationId: 'generateReport',
        summary: 'Generates a report from the aggregates and stores it as JSON, CSV and HTML',
        description:
          'Supervisors and admins. Volumes by channel, type, category and region, the rates, the ranking and sanctions, and the hot topics; each sudden or trending cluster (突发性/苗头性) puts its tickets under supervision (AH:20(六)), once. Generating a period again replaces its stored report.',
        tags: ['reports'],
        ...staff,
        requestParams: path,
        responses: h.responses(
          json('the report and the tickets put under supervision', generatedReportSchema, '201'),
          400,
          401,
          403,
        ),
      },
    },
    '/v1/reports/{reportType}/{period}/csv': {
      get: rendering('csv', 'text/csv', 'as CSV (a row per figure)'),
    },
    '/v1/reports/{reportType}/{period}/html': {
      get: rendering('html', 'text/html', 'as a page a person reads (Chinese, charts, printable)'),
    },
    '/v1/assessment/scores': {
      get: {
        operationId: 'getScores',
        summary: 'Scores and ranks per group (JZ:四(四))',
        description:
          'Any staff member. Live from the aggregates, updated as events arrive, for a month not yet closed (`live: true`); the frozen scores after its close.',
        tags: ['assessment'],
        ...staff,
        requestParams: { query: monthQuerySchema },
        responses: h.responses(json('the scores per group, best first', scoresSchema), 400, 401, 403),
      },
    },
    '/v1/assessment/analyses': {
      get: {
        operationId: 'listUnitAnalyses',
        summary: 'The units’ monthly analyses of a month and when they came (TN:6(八))',
        description: 'The centre’s roles. 404 where the policy has no such duty.',
        tags: ['assessment'],
        ...staff,
        requestParams: { query: monthQuerySchema },
        responses: h.responses(json('the analyses sent', analysisListSchema), 400, 401, 403, 404),
      },
      post: {
        operationId: 'sendUnitAnalysis',
        summary: 'A unit sends its monthly analysis (TN:6(八), by the policy’s due day)',
        description:
          'The unit’s own staff, for a month that has ended. The first sending counts: one after the due day is `late`, and the monthly close counts `analysisMissed` for a unit with none on time. 404 where the policy has no such duty.',
        tags: ['assessment'],
        ...staff,
        requestBody: { required: true, content: { 'application/json': { schema: analysisBodySchema } } },
        responses: h.responses(
          json('the analysis kept', analysisSchema, '201'),
          400,
          401,
          403,
          404,
          413,
          415,
        ),
      },
    },
    '/v1/assessment/sanctions': {
      get: {
        operationId: 'listSanctions',
        summary: 'A month’s sanctions: the monthly close’s and those recorded by hand',
        tags: ['assessment'],
        ...staff,
        requestParams: { query: monthQuerySchema },
        responses: h.responses(json('the sanctions', storedSanctionListSchema), 400, 401, 403),
      },
      post: {
        operationId: 'recordSanction',
        summary: 'A supervisor records a sanction on a qualitative ground (PDS:28(一)-(三), 29(一))',
        description:
          'Supervisors and admins. An interview counts toward the sanctions ladder like one from the ranking (PDS:28(五), 29(二)) at the close of its month, or from the next close when its month is already closed.',
        tags: ['assessment'],
        ...staff,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: manualSanctionBodySchema } },
        },
        responses: h.responses(
          json('the sanction as recorded', storedSanctionSchema, '201'),
          400,
          401,
          403,
          413,
          415,
        ),
      },
    },
  };
}
