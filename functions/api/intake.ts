import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { AppContext } from '../app/context.ts';
import {
  type IntakeBody,
  type IntakeResult,
  intakeBodySchema,
  intakeResultSchema,
  registerTicket,
} from '../app/intake.ts';
import { channelKeyId } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest, HttpError } from '../http/problem.ts';
import { header, jsonBody } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { idempotencyKeySchema } from './query-schemas.ts';
import { answer } from './respond.ts';

/** While the first request with a key is still running, the others wait for its answer. */
async function registerWithKey(
  registerOnce: (input: { channelKeyId: string; key: string; body: IntakeBody }) => Promise<IntakeResult>,
  channel: string,
  key: string,
  body: IntakeBody,
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await registerOnce({ channelKeyId: channel, key, body });
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw new HttpError(409, 'Conflict', 'this Idempotency-Key was used for a different request', {
          rule: 'idempotency.keyReused',
        });
      }
      if (!(error instanceof IdempotencyAlreadyInProgressError) || attempt >= 100) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
    }
  }
}

/**
 * POST /v1/tickets — a channel registers a citizen's request. Replays of one Idempotency-Key
 * within a day return the first answer (Powertools idempotency, its records in `store`).
 */
export function intakeHandler(rt: AppContext, store: BasePersistenceLayer) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[channelKeyId, key]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: 86_400,
  });
  const registerOnce = makeIdempotent(
    (input: { channelKeyId: string; key: string; body: IntakeBody }) =>
      registerTicket(rt, input.channelKeyId, input.body),
    { persistenceStore: store, config },
  );
  return apiHandler(async (event, context: Context) => {
    const channel = channelKeyId(event);
    const body = jsonBody(event, intakeBodySchema);
    const rawKey = header(event, 'idempotency-key');
    let result: IntakeResult;
    if (rawKey === undefined) {
      result = await registerTicket(rt, channel, body);
    } else {
      const key = idempotencyKeySchema.safeParse(rawKey.trim());
      if (!key.success)
        throw badRequest([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? '' }]);
      config.registerLambdaContext(context);
      result = await registerWithKey(registerOnce, channel, key.data, body);
    }
    logger.info('ticket registered', { ticketId: result.id, ticketNo: result.ticketNo });
    return answer(intakeResultSchema, 201, result, { location: `/v1/tickets/${result.id}` });
  });
}

const rt = createRuntime();
export const handler = intakeHandler(
  rt,
  new DynamoDBPersistenceLayer({
    tableName: rt.tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'IDEMPOTENCY',
    awsSdkV3Client: rt.dynamodb,
  }),
);
