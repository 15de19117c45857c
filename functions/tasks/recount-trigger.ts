import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { requiredEnv } from '../shared/config.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

/** The one physical id of the custom resource: there is nothing to replace or delete. */
export const RECOUNT_TRIGGER_ID = 'provisional-recount-trigger';

/** What the workflows stack passes as the custom resource's properties. */
interface TriggerProperties {
  /** Digest of the year schedules the deployment bundles (official years and operator files). */
  CalendarDigest?: string;
  /** The operator years bundled, for the execution's input. */
  OperatorYears?: string[];
}

/**
 * Starts the provisional recount when a deployment creates the trigger (the first deployment) or
 * changes its properties (a deployment whose year schedules differ). Never fails: a recount that
 * could not start is logged and left to the operator (`hotline calendar recount --start`), and the
 * deployment goes on. Answers the name of the execution it started.
 */
export async function startRecountFor(
  event: CloudFormationCustomResourceEvent,
  sfn: SFNClient,
  stateMachineArn: string,
  now: Date = new Date(),
): Promise<{ started?: string; reason: string }> {
  if (event.RequestType === 'Delete') return { reason: 'nothing to do on delete' };
  const props = event.ResourceProperties as TriggerProperties;
  const digest = props.CalendarDigest ?? 'unknown';
  // Unique per deployment, and it says which schedules started it.
  const name = `deploy-${digest.slice(0, 12)}-${now.getTime().toString(36)}`;
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name,
        input: JSON.stringify({
          startedBy: 'deployment',
          calendarDigest: digest,
          operatorYears: props.OperatorYears ?? [],
        }),
      }),
    );
    logger.info('provisional recount started', { name, digest });
    return { started: name, reason: `started ${name}` };
  } catch (error) {
    logger.error('provisional recount not started: start it with hotline calendar recount --start', {
      error,
    });
    return { reason: `recount not started (${(error as Error).name}): run hotline calendar recount --start` };
  }
}

/**
 * Tells CloudFormation the outcome at the pre-signed URL it gave, as its cfn-response module does
 * (an empty content type, which the URL's signature expects); tried three times.
 */
export async function respond(
  event: CloudFormationCustomResourceEvent,
  reason: string,
  data: Record<string, string>,
  put: typeof fetch = fetch,
): Promise<void> {
  const body = JSON.stringify({
    Status: 'SUCCESS',
    Reason: reason,
    PhysicalResourceId: RECOUNT_TRIGGER_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: data,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await put(event.ResponseURL, {
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
        body,
      });
      if (response.ok) return;
      throw new Error(`the response URL answered ${response.status}`);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

const stateMachineArn = requiredEnv('RECOUNT_STATE_MACHINE_ARN');
const sfn = new SFNClient({});

/** CloudFormation custom resource `Custom::ProvisionalRecount` of the workflows stack. */
export const handler = taskHandler(async (event: CloudFormationCustomResourceEvent) => {
  const outcome = await startRecountFor(event, sfn, stateMachineArn);
  await respond(event, outcome.reason, outcome.started ? { ExecutionName: outcome.started } : {});
  return outcome;
});
