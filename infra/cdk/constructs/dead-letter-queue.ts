import { Duration, Tags, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * A dead-letter queue for one asynchronous edge: encrypted, TLS only, messages kept 14 days. The
 * observability stack puts an alarm on every one of them (any visible message pages a person).
 *
 * @example
 * ```ts
 * const dlq = new DeadLetterQueue(this, 'StartTimersRuleDlq', { edge: 'bus rule → start-timers' });
 * rule.addTarget(new targets.LambdaFunction(fn, { deadLetterQueue: dlq.queue }));
 * ```
 */
export interface DeadLetterQueueProps {
  /** The edge whose failures land here, in words: shown on the alarm and the dashboard. */
  edge: string;
}

/** Tags that tell `hotline dlq` what a queue's messages are and where they go again. */
export const REDRIVE_TAGS = { kind: 'hotline:redrive-kind', target: 'hotline:redrive-target' } as const;

export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly edge: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.edge = props.edge;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue.node.addMetadata('hotline:edge', props.edge);
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of "${props.edge}"; a queue behind it would add nothing, and an alarm fires on its first message.`,
    });
  }

  /**
   * Its messages are events for `fn`: `hotline dlq redrive` invokes `fn` with each again. Without
   * `fn`, the queue is the asynchronous-invocation DLQ of a function, found by its DeadLetterConfig
   * (a tag naming that function would make the function, its policy and the queue a cycle).
   */
  redrivesTo(fn?: lambda.IFunction): this {
    Tags.of(this.queue).add(REDRIVE_TAGS.kind, 'lambda-event');
    if (fn) Tags.of(this.queue).add(REDRIVE_TAGS.target, fn.functionName);
    return this;
  }

  /** Its messages are schedule events that did not start a state machine: started again by hand. */
  startsStateMachine(): this {
    Tags.of(this.queue).add(REDRIVE_TAGS.kind, 'state-machine-start');
    return this;
  }

  /** Its messages point at table stream records (the Pipe's): they expire 24 hours after writing. */
  holdsStreamPointers(): this {
    Tags.of(this.queue).add(REDRIVE_TAGS.kind, 'stream-pointer');
    return this;
  }
}
