import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable, localClient } from '../../infra/local/dynamodb-local.ts';

/** A fresh table in the run's DynamoDB Local, and a document client for it. */
export async function freshTable() {
  const client = localClient(inject('dynamodbEndpoint'));
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, db: DynamoDBDocumentClient.from(client), tableName };
}
