import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer for every function. The logger is never given a request body or a
 * requester's name or phone: handlers log ids, ticket numbers, rules and statuses only. A request
 * or an event handled as expected is logged at DEBUG (its stored events are the record, and the
 * deployment logs at INFO): INFO is for what runs on a schedule, WARN and ERROR for what needs a look.
 */
export const logger = new Logger({ serviceName: 'hotline' });
export const metrics = new Metrics({ namespace: 'Hotline', serviceName: 'hotline' });
export const tracer = new Tracer({ serviceName: 'hotline' });
