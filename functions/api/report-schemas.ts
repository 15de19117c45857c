import { monthSchema } from '../domain/assessment/index.ts';
import { REPORT_KINDS } from '../domain/reports/index.ts';
import { z } from '../domain/zod.ts';

/**
 * The reports' and assessment's request parameters, shared by the handlers that parse them and the
 * OpenAPI document that describes them (the answers are in report-responses.ts).
 */
export const reportPathSchema = z.object({
  reportType: z
    .enum(REPORT_KINDS)
    .check(z.meta({ description: 'weekly (周分析), monthly (月通报) or yearly (年总结)' })),
  period: z.string().check(
    z.minLength(4),
    z.maxLength(8),
    z.meta({
      description: 'the period: an ISO week 2026-W50, a month 2026-11 or a year 2026',
      example: '2026-11',
    }),
  ),
});

export const monthQuerySchema = z.object({
  month: z
    .optional(monthSchema)
    .check(z.meta({ description: 'YYYY-MM; the current month (Asia/Shanghai) when left out' })),
});

/** A sanction a supervisor decides on a qualitative ground (PDS:28(一)-(三); PDS:29(一)). */
export const manualSanctionBodySchema = z.strictObject({
  month: monthSchema,
  unit: z.string().check(z.minLength(1), z.maxLength(64)),
  measure: z.enum(['interview', 'publicStatement']),
  basis: z
    .string()
    .check(
      z.trim(),
      z.minLength(2),
      z.maxLength(200),
      z.meta({ description: 'the ground and its article, e.g. "PDS:28(二) 牵头单位不履行职责"' }),
    ),
});

/** A unit's monthly analysis (TN:6(八) 每月5日前将汇总分析材料报平台管理办公室). */
export const analysisBodySchema = z.strictObject({
  month: monthSchema.check(z.meta({ description: 'the month analysed' })),
  summary: z
    .string()
    .check(
      z.trim(),
      z.minLength(2),
      z.maxLength(10_000),
      z.meta({ description: 'the analysis, or where it was filed' }),
    ),
});
