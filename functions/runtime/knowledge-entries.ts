import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KnowledgeRepository } from '../adapters/knowledge-repository.ts';
import type { Runtime } from './runtime.ts';

/** The knowledge base's entries in the runtime's table, for handlers that do not search. */
export function knowledgeEntries(rt: Runtime): KnowledgeRepository {
  const db = DynamoDBDocumentClient.from(rt.dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return new KnowledgeRepository(db, rt.tableName);
}
