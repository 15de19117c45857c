import { z } from 'zod';
import { REPORT_KINDS } from '../domain/reports/index.ts';

/**
 * The reports' and assessment's answers, for the OpenAPI document and, as types only, for the
 * handlers that answer them (report-schemas.ts holds the request parameters).
 */
const rate = z.number().min(0).max(1).nullable();
const rates = z.object({
  onTime: rate,
  satisfaction: rate,
  contact: rate,
  firstPass: rate,
  properReturns: rate,
  /** Knowledge-base duties kept on time over those kept and those let lapse (AH:26). */
  knowledgeUpkeep: rate,
});
const counts = z.record(z.string(), z.number());
const sanction = z.object({
  month: z.string(),
  unit: z.string(),
  group: z.string(),
  measure: z.enum(['interview', 'secretaryGeneralInterview', 'publicStatement']),
  basis: z.string(),
});
const volumeLine = z.object({
  id: z.string(),
  name: z.string(),
  count: z.number(),
  previous: z.number(),
  change: z.number(),
});
const riser = z.object({
  value: z.string(),
  name: z.string(),
  count: z.number(),
  previous: z.number(),
  change: z.number(),
  baseline: z.number(),
  excess: z.number(),
});
const risers = z.object({ againstPrevious: z.array(riser), againstBaseline: z.array(riser) });

const unitScoreSchema = z.object({
  unit: z.string(),
  name: z.string(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  rates,
  counts,
});
const reportUnitSchema = z.object({
  unit: z.string(),
  name: z.string(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  onTime: rate,
  satisfaction: rate,
});

/** A report as data (PDS:19; AH:33): what GET answers and the CSV and HTML render. */
export const reportSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    period: z.string(),
    title: z.string(),
    first: z.string(),
    last: z.string(),
    generatedAt: z.string(),
    policy: z.object({ id: z.string(), version: z.number() }),
    received: z.object({ count: z.number(), previous: z.number() }),
    series: z.array(z.object({ at: z.string(), count: z.number() })),
    volumes: z.object({
      channel: z.array(volumeLine),
      type: z.array(volumeLine),
      category: z.array(volumeLine),
      region: z.array(volumeLine),
    }),
    counts,
    rates,
    ranking: z
      .looseObject({
        source: z.enum(['bulletin', 'live', 'year']),
        period: z.string(),
        groups: z.array(z.object({ id: z.string(), name: z.string(), units: z.array(reportUnitSchema) })),
      })
      .nullable(),
    sanctions: z.array(sanction),
    missingAnalyses: z
      .object({
        month: z.string(),
        due: z.string(),
        units: z.array(z.object({ unit: z.string(), name: z.string() })),
      })
      .nullable(),
    hotTopics: z.object({
      categories: risers,
      regions: risers,
      clusters: z.array(
        z.object({
          category: z.string(),
          region: z.string(),
          flag: z.enum(['突发性', '苗头性']),
          window: z.enum(['day', 'week']),
          from: z.string(),
          to: z.string(),
          count: z.number(),
          expected: z.number(),
          categoryName: z.string(),
          regionName: z.string(),
        }),
      ),
    }),
  })
  .meta({ id: 'Report' });

export const generatedReportSchema = z.strictObject({
  report: reportSchema,
  /** Tickets put under supervision for the report's clusters by this run (AH:20(六)). */
  supervised: z.array(z.string()),
});

/** The live (or frozen) scores and ranks per group (JZ:四(四)). */
export const scoresSchema = z
  .looseObject({
    month: z.string(),
    live: z.boolean(),
    policy: z.object({ id: z.string(), version: z.number() }),
    groups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        units: z.array(unitScoreSchema),
      }),
    ),
    ungrouped: z.array(unitScoreSchema),
    missingAnalyses: z
      .object({ month: z.string(), due: z.string(), units: z.array(z.string()) })
      .optional()
      .meta({
        description: 'TN:6(八): units whose analysis of the month before was not sent by its due day',
      }),
  })
  .meta({ id: 'Scores' });

export const storedSanctionSchema = sanction.extend({
  source: z.enum(['close', 'manual']),
  at: z.string(),
  by: z.string(),
});

export const analysisSchema = z.object({
  unit: z.string(),
  month: z.string(),
  at: z.string(),
  by: z.string(),
  summary: z.string(),
  /** Sent after the policy's due day: the close counts it as missed. */
  late: z.boolean(),
  due: z.string(),
});

export const storedSanctionListSchema = z.strictObject({ items: z.array(storedSanctionSchema) });
export const analysisListSchema = z.strictObject({ items: z.array(analysisSchema) });
