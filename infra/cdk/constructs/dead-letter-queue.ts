import { Duration, Validations } from 'aws-cdk-lib';
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
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of "${props.edge}"; a queue behind it would add nothing, and an alarm fires on its first message.`,
    });
  }
}
