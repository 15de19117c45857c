import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger, tracer } from '../shared/powertools.ts';
import { corsResponses } from './cors.ts';
import { toProblem } from './problem.ts';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Turns any error into a problem response; only unexpected ones are logged as errors. */
const problemResponses = (): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: async (request) => {
    const { response, unexpected } = toProblem(request.error);
    if (unexpected) logger.error('unexpected error', request.error as Error);
    else logger.info('request refused', { status: response.statusCode });
    request.response = response;
  },
});

/**
 * The one middleware order every API handler uses. Metrics are published where they are counted
 * (`metrics.singleMetric()`), so a request that counts nothing writes no empty metrics log line.
 */
export function apiHandler(handler: ApiHandler) {
  return (
    middy(handler)
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(captureLambdaHandler(tracer))
      // CORS is used before the problem responses: middy runs `onError` last-used first, so the
      // problem response is there when the CORS headers are added to it.
      .use(corsResponses())
      .use(problemResponses())
  );
}
