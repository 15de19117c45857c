/**
 * Benchmarks run the handlers at the production log level (INFO) and count the bytes their logs
 * would send to CloudWatch, without printing them. Imported first, before any logger is created.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';

export const logged = { bytes: 0, lines: 0 };
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  if (text.startsWith('{"level"')) {
    logged.bytes += Buffer.byteLength(text);
    logged.lines += 1;
    return true;
  }
  return write(chunk, ...rest);
}) as typeof process.stdout.write;
