/**
 * Benchmarks run the handlers at the production log level (INFO), with metrics on as in AWS, and
 * count the bytes their logs would send to CloudWatch (log lines, and the metrics' embedded-format
 * lines, which CloudWatch ingests as logs too), without printing them. Imported first, before any
 * logger or metrics are created.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'false';

export const logged = { bytes: 0, lines: 0, metricLines: 0 };
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const log = text.startsWith('{"level"');
  const metric = text.startsWith('{"_aws"');
  if (log || metric) {
    logged.bytes += Buffer.byteLength(text);
    logged.lines += 1;
    if (metric) logged.metricLines += 1;
    return true;
  }
  return write(chunk, ...rest);
}) as typeof process.stdout.write;
