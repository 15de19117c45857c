import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { type IntakeBody, intakeBodySchema, registerTicket } from '../app/intake.ts';
import { channelKeyId } from '../shared/auth.ts';
import { header, json, jsonBody } from '../shared/http.ts';
import { apiHandler } from '../shared/middleware.ts';
import { logger } from '../shared/powertools.ts';
import { badRequest, HttpError } from '../shared/problem.ts';
import { createRuntime } from '../shared/runtime.ts';

const rt = createRuntime();

/** Replays of one Idempotency-Key within a day return the first answer (Powertools idempotency). */
const config = new IdempotencyConfig({
  eventKeyJmesPath: '[channelKeyId, key]',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: 86_400,
});
const registerOnce = makeIdempotent(
  (input: { channelKeyId: string; key: string; body: IntakeBody }) =>
    registerTicket(rt, input.channelKeyId, input.body),
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: rt.tableName,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: 'IDEMPOTENCY',
      awsSdkV3Client: rt.dynamodb,
    }),
    config,
  },
);

const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(128)
  .regex(/^[\w.:-]+$/, 'letters, digits and _ . : -');

/** While the first request with a key is still running, the others wait for its answer. */
async function registerWithKey(channel: string, key: string, body: IntakeBody) {
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

/** POST /v1/tickets — a channel registers a citizen's request. */
export const handler = apiHandler(async (event, context: Context) => {
  const channel = channelKeyId(event);
  const body = jsonBody(event, intakeBodySchema);
  const rawKey = header(event, 'idempotency-key');
  let result: Awaited<ReturnType<typeof registerTicket>>;
  if (rawKey === undefined) {
    result = await registerTicket(rt, channel, body);
  } else {
    const key = idempotencyKey.safeParse(rawKey);
    if (!key.success)
      throw badRequest([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? '' }]);
    config.registerLambdaContext(context);
    result = await registerWithKey(channel, key.data, body);
  }
  logger.info('ticket registered', { ticketId: result.id, ticketNo: result.ticketNo });
  return json(201, result, { location: `/v1/tickets/${result.id}` });
});
