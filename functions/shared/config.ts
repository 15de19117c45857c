type Env = Readonly<Record<string, string | undefined>>;

/** Reads a required environment variable; a missing one fails when the module loads, not mid-request. */
export function requiredEnv(name: string, env: Env = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

export function optionalEnv(name: string, env: Env = process.env): string | undefined {
  return env[name] || undefined;
}
