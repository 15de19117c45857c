import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DocumentClient, UpdateCommand } from './document-client.ts';

/**
 * Limits attempts per key in fixed windows (an hour by default), whichever Lambda instance answers:
 * each attempt takes a slot with one conditional increment, so concurrent guesses cannot get past
 * the limit; a successful attempt gives its slot back. Items expire through the table's TTL.
 */
export class AttemptLimiter {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
    private readonly maxAttempts: number,
    private readonly windowMs = 3_600_000,
  ) {}

  private key(subject: string, now: Date) {
    const window = Math.floor(now.getTime() / this.windowMs);
    return { pk: `THROTTLE#${subject}`, sk: String(window) };
  }

  /** Takes a slot; false when the window's slots are used up. */
  async tryAcquire(subject: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(subject, now),
          UpdateExpression: 'ADD n :one SET expiration = :exp',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': this.maxAttempts,
            ':exp': Math.floor((now.getTime() + 2 * this.windowMs) / 1000),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Seconds until the current window ends and its slots are free again. */
  retryAfterSeconds(now: Date): number {
    return Math.max(1, Math.ceil((this.windowMs - (now.getTime() % this.windowMs)) / 1000));
  }

  /** Gives back the slot of an attempt that succeeded. */
  async release(subject: string, now: Date): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(subject, now),
          UpdateExpression: 'ADD n :minusOne',
          ConditionExpression: 'n > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      )
      .catch((error) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }
}
