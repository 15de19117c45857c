/**
 * Runs `body` with the process time zone set to `zone`, then restores it. Node applies a change of
 * `process.env.TZ` immediately, so this shows whether code depends on the machine's zone.
 */
export function withTimeZone<T>(zone: string, body: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}
