import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Counts failed attempts per key in fixed windows (an hour by default), so that guessing a query
 * code is throttled whichever Lambda instance answers. Items expire through the table's TTL.
 */
export class AttemptLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly maxFailures: number,
    private readonly windowMs = 3_600_000,
  ) {}

  private key(subject: string, now: Date) {
    const window = Math.floor(now.getTime() / this.windowMs);
    return { pk: `THROTTLE#${subject}`, sk: String(window) };
  }

  async isBlocked(subject: string, now: Date): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(subject, now) }),
    );
    return (out.Item?.n ?? 0) >= this.maxFailures;
  }

  async recordFailure(subject: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(subject, now),
        UpdateExpression: 'ADD n :one SET expiration = :exp',
        ExpressionAttributeValues: {
          ':one': 1,
          ':exp': Math.floor((now.getTime() + 2 * this.windowMs) / 1000),
        },
      }),
    );
  }
}
