import type { APIGatewayProxyEvent } from 'aws-lambda';
import { recordManualSanction, UnknownUnitError } from '../app/monthly-close.ts';
import type { ReportDeps } from '../app/reports/generate.ts';
import { isUnitRole, type Role } from '../domain/access/index.ts';
import { analysisDueAt, scoreMonth } from '../domain/assessment/index.ts';
import { toShanghaiIso } from '../domain/calendar/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError, notFound } from '../http/problem.ts';
import { jsonBody, params } from '../http/request.ts';
import { assessmentRepository } from '../runtime/reports.ts';
import { createRuntime } from '../runtime/runtime.ts';
import type {
  analysisListSchema,
  analysisSchema,
  scoresSchema,
  storedSanctionListSchema,
  storedSanctionSchema,
} from './report-responses.ts';
import { analysisBodySchema, manualSanctionBodySchema, monthQuerySchema } from './report-schemas.ts';
import { answer } from './respond.ts';

/** Who records a sanction by hand: the centre's supervisors and admins (PDS:28 由市指挥中心…约谈). */
const SANCTION_WRITERS = ['supervisor', 'admin'];

/**
 * The assessment by API (JZ:四(四) 实时评分、自动排名; PDS:26-29):
 * GET /v1/assessment/scores?month= — every unit's score and rank per group, live from the
 * aggregates for a month not yet closed, the frozen ones after its close;
 * GET /v1/assessment/sanctions?month= — the month's sanctions, the close's and those recorded by hand;
 * POST /v1/assessment/sanctions — a supervisor records one on a qualitative ground, with its basis;
 * an interview counts toward the ladder like one from the ranking.
 */
export const assessmentHandler = (deps: Pick<ReportDeps, 'rt' | 'assessment'>) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const { rt, assessment } = deps;
    if (event.resource === '/v1/assessment/scores') {
      const month = params(event.queryStringParameters, monthQuerySchema).month ?? currentMonth(rt.now());
      const frozen = await assessment.frozen(month);
      if (frozen) return answer<typeof scoresSchema>(200, { ...frozen, live: false });
      const [counts, units] = await Promise.all([assessment.unitMonth(month), rt.directory.all('unit')]);
      return answer<typeof scoresSchema>(200, { ...scoreMonth(month, rt.policy, units, counts), live: true });
    }
    if (event.httpMethod === 'POST') {
      if (!SANCTION_WRITERS.includes(actor.role)) {
        throw new HttpError(403, 'Forbidden', `a ${actor.role} may not record a sanction`, {
          rule: 'role.notAllowed',
        });
      }
      const body = jsonBody(event, manualSanctionBodySchema);
      if (body.month > currentMonth(rt.now())) {
        throw badRequest([
          { field: 'month', message: 'a sanction is recorded for this month or one before it' },
        ]);
      }
      try {
        const row = await recordManualSanction(
          { assessment, directory: rt.directory, policy: rt.policy, now: rt.now },
          body,
          actor.id,
        );
        return answer<typeof storedSanctionSchema>(201, row);
      } catch (error) {
        if (error instanceof UnknownUnitError) throw badRequest([{ field: 'unit', message: error.message }]);
        throw error;
      }
    }
    if (event.resource === '/v1/assessment/analyses') return analyses(deps, event, actor);
    const month = params(event.queryStringParameters, monthQuerySchema).month ?? currentMonth(rt.now());
    const items = await assessment.sanctions(month);
    return answer<typeof storedSanctionListSchema>(200, { items });
  });

/**
 * TN:6(八): POST — a unit's staff send their unit's analysis of a month (the first sending counts);
 * GET ?month= — the centre sees who sent theirs and when. Only where the policy has the duty.
 */
async function analyses(
  deps: Pick<ReportDeps, 'rt' | 'assessment'>,
  event: APIGatewayProxyEvent,
  actor: Actor,
) {
  const duty = deps.rt.policy.reports.unitAnalysis;
  if (!duty) throw notFound(`policy ${deps.rt.policy.id} has no monthly analysis from the units (TN:6(八))`);
  const view = (a: AnalysisRecord) => {
    const due = analysisDueAt(a.month, duty.dueDay);
    return { ...a, late: Date.parse(a.at) > due.getTime(), due: toShanghaiIso(due) };
  };
  if (event.httpMethod === 'POST') {
    if (!isUnitRole(actor.role as Role) || !actor.unitId) {
      throw new HttpError(403, 'Forbidden', "a unit's own staff send its analysis", {
        rule: 'role.notAllowed',
      });
    }
    const body = jsonBody(event, analysisBodySchema);
    const now = deps.rt.now();
    if (body.month >= currentMonth(now)) {
      throw badRequest([{ field: 'month', message: 'the analysis is of a month that has ended' }]);
    }
    const kept = await deps.assessment.submitAnalysis({
      unit: actor.unitId,
      month: body.month,
      summary: body.summary,
      at: toShanghaiIso(now),
      by: actor.id,
    });
    return answer<typeof analysisSchema>(201, view(kept));
  }
  if (!['dispatcher', 'supervisor', 'admin', 'auditor'].includes(actor.role)) {
    throw new HttpError(403, 'Forbidden', 'the centre reads the units’ analyses', {
      rule: 'role.notAllowed',
    });
  }
  const month = params(event.queryStringParameters, monthQuerySchema).month ?? currentMonth(deps.rt.now());
  const items = (await deps.assessment.analyses(month)).map(view);
  return answer<typeof analysisListSchema>(200, { items });
}

type AnalysisRecord = Awaited<ReturnType<ReportDeps['assessment']['analyses']>>[number];

function currentMonth(now: Date): string {
  return toShanghaiIso(now).slice(0, 7);
}

const runtime = createRuntime();
export const handler = assessmentHandler({ rt: runtime, assessment: assessmentRepository(runtime) });
