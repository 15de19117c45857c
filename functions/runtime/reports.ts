import { AssessmentRepository } from '../adapters/assessment-repository.ts';
import { DocumentClient } from '../adapters/document-client.ts';
import { FileReportStore, type ReportStore, S3ReportStore } from '../adapters/report-store.ts';
import type { ReportDeps } from '../app/reports/generate.ts';
import { optionalEnv } from '../shared/config.ts';
import type { Runtime } from './runtime.ts';

/**
 * Where reports are kept: the bucket REPORT_BUCKET names (AWS), else the folder REPORT_DIR names
 * (the local runtime's data folder). Neither is a configuration error, raised when the module loads.
 */
export function reportStoreFrom(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReportStore {
  const bucket = optionalEnv('REPORT_BUCKET', env);
  if (bucket) return new S3ReportStore(bucket);
  const folder = optionalEnv('REPORT_DIR', env);
  if (folder) return new FileReportStore(folder);
  throw new Error('REPORT_BUCKET (a bucket) or REPORT_DIR (a folder) must say where reports are kept');
}

/** The assessment repository on the runtime's table. */
export function assessmentRepository(rt: Runtime): AssessmentRepository {
  return new AssessmentRepository(
    DocumentClient.from(rt.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    rt.tableName,
  );
}

/** What the report use cases work with, built from a handler's runtime and environment. */
export function reportRuntime(
  rt: Runtime,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReportDeps {
  return { rt, assessment: assessmentRepository(rt), store: reportStoreFrom(env) };
}
