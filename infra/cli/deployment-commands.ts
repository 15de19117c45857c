import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import type { Policy } from '../../functions/domain/policy/index.ts';
import type { HotlineConfig } from '../cdk/config.ts';
import { canonicalJson, deployedPolicyParameter, policyFingerprint } from '../cdk/policy.ts';
import { parseCommand } from './args.ts';
import { cdkStyleConfig, deploymentConfig } from './dlq-commands.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { USAGE } from './usage.ts';

/** Reads the policy a deployment runs; `undefined` when it has never been deployed. */
export type DeployedPolicyReader = (config: HotlineConfig) => Promise<Policy | undefined>;

/** The SSM parameter the API stack writes, in the config's region, with the default credentials. */
export const readDeployedPolicy: DeployedPolicyReader = async (config) => {
  const client = new SSMClient({ region: config.region });
  try {
    const out = await client.send(
      new GetParameterCommand({ Name: deployedPolicyParameter(config.deployment, config.stage) }),
    );
    return JSON.parse(out.Parameter?.Value ?? 'null') ?? undefined;
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined;
    throw error;
  } finally {
    client.destroy();
  }
};

/** `hotline deployment check -c config=FILE [--offline]`. */
export async function runDeployment(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
  readDeployed: DeployedPolicyReader = readDeployedPolicy,
): Promise<number> {
  if (sub !== 'check') {
    throw new UsageError(
      sub === undefined
        ? "missing deployment command: use 'deployment check'"
        : `unknown command 'deployment ${sub}': use 'deployment check'`,
    );
  }
  const parsed = parseCommand(cdkStyleConfig(args), {
    name: 'deployment check',
    options: { config: { type: 'string' }, offline: { type: 'boolean' } },
  });
  if (parsed.help) {
    ctx.io.stdout(USAGE);
    return EXIT.ok;
  }
  const file = parsed.values.config;
  const config = deploymentConfig(ctx, file);
  if (!config) return EXIT.failure;
  const local = policyFingerprint(config.effectivePolicy);
  ctx.out(`config ${file}: valid`);
  ctx.out(
    `deployment ${config.deployment} (${config.stage}) in ${config.region}, tracing ${config.tracing ? 'on' : 'off'}`,
  );
  ctx.out(`policy ${local.id} v${local.version} sha256:${local.sha256}`);
  ctx.out(canonicalJsonIndented(config.effectivePolicy));
  if (parsed.values.offline) return EXIT.ok;

  const deployed = await readDeployed(config);
  if (!deployed) {
    ctx.out('deployed: nothing yet (no policy recorded for this deployment and stage)');
    return EXIT.ok;
  }
  const remote = policyFingerprint(deployed);
  ctx.out(`deployed: ${remote.id} v${remote.version} sha256:${remote.sha256}`);
  const changes = policyChanges(deployed, config.effectivePolicy);
  if (changes.length === 0) {
    ctx.out('no change to the policy');
    return EXIT.ok;
  }
  for (const change of changes) ctx.out(`  ${change}`);
  if (remote.id === local.id && remote.version >= local.version) {
    ctx.out(
      `refused: the policy changes under version ${remote.version}; raise policy.overrides.version above ${remote.version} so that new deadlines say which rules made them`,
    );
    return EXIT.failure;
  }
  ctx.out(
    `the policy changes from v${remote.version} to v${local.version}: open tickets keep their deadlines`,
  );
  return EXIT.ok;
}

function canonicalJsonIndented(value: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
}

/** `path: before → after` for every value that differs, in path order. */
export function policyChanges(before: unknown, after: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .sort()
      .flatMap((key) => policyChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  const text = (v: unknown) => (v === undefined ? '(absent)' : canonicalJson(v));
  const a = text(before);
  const b = text(after);
  return a === b ? [] : [`${path || '(root)'}: ${a} → ${b}`];
}
