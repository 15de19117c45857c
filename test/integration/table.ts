import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DocumentClient } from '../../functions/adapters/document-client.ts';
import { ensureTable, localClient } from '../../infra/local/dynamodb-local.ts';

/** A fresh table in the run's DynamoDB Local, and a document client for it. */
export async function freshTable() {
  const client = localClient(inject('dynamodbEndpoint'));
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, db: DocumentClient.from(client), tableName };
}
