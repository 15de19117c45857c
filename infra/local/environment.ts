import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';

/**
 * The local runtime's environment, set before any handler module loads (Powertools reads it when its
 * logger, metrics and tracer are created): no X-Ray, metrics off unless asked for, local credentials
 * that only DynamoDB Local sees. Import this module first.
 */
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  POWERTOOLS_SERVICE_NAME: 'hotline',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
});
