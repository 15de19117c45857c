import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, tracer } from './powertools.ts';

/**
 * The middleware order of the handlers that state machines, rules and schedules invoke. Errors are
 * left to propagate: Step Functions' Retry and Catch, and the rules' retry policies and DLQs, act on them.
 */
export function taskHandler<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer));
}
