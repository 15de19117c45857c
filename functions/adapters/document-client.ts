import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand as QueryItemsCommand,
  ScanCommand as ScanItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type * as Doc from '@aws-sdk/lib-dynamodb';
import { marshall, type marshallOptions, unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * The table's items as plain objects: the commands the adapters send, on the low-level DynamoDB
 * client, taking and giving what `@aws-sdk/lib-dynamodb`'s commands of the same names take and give
 * (its types are used as they are). Not that package itself: loading it and its middleware costs
 * every cold start some 2 ms, for the few fields of eight commands that need (un)marshalling here.
 * `test/unit/adapters/document-client.test.ts` checks that both send and answer the same.
 */

type Item = Record<string, unknown>;
type Items = Record<string, AttributeValue>;

/** Marshals and unmarshals with one client's options. */
class Marshaller {
  constructor(private readonly options: marshallOptions) {}

  /** An item, a key or a map of expression values, as DynamoDB takes it. */
  item(value: Item): Items;
  item(value: Item | undefined): Items | undefined;
  item(value: Item | undefined): Items | undefined {
    return value === undefined ? undefined : marshall(value, this.options);
  }

  /** An item as DynamoDB gave it, as a plain object. */
  native(value: Items): Item;
  native(value: Items | undefined): Item | undefined;
  native(value: Items | undefined): Item | undefined {
    return value === undefined ? undefined : unmarshall(value);
  }

  /** `input` with its item-valued fields named in `fields` marshalled (fields it lacks stay absent). */
  fields<T extends object>(input: T, fields: readonly string[]): T {
    const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    for (const field of fields) {
      if (out[field] !== undefined) out[field] = this.item(out[field] as Item);
    }
    return out as T;
  }

  /** An answer with its fields named in `fields` (an item, or a list of items) unmarshalled. */
  answer<T>(output: object, fields: readonly string[]): T {
    const out: Record<string, unknown> = { ...(output as Record<string, unknown>) };
    for (const field of fields) {
      const value = out[field] as Items | Items[] | undefined;
      if (value !== undefined)
        out[field] = Array.isArray(value) ? value.map((i) => this.native(i)) : this.native(value);
    }
    return out as T;
  }
}

const KEYED = ['Key', 'ExpressionAttributeValues'] as const;
const PAGED = ['ExclusiveStartKey', 'ExpressionAttributeValues'] as const;
const PAGE = ['Items', 'LastEvaluatedKey'] as const;

abstract class DocumentCommand<Input, Output> {
  constructor(readonly input: Input) {}
  abstract run(client: DynamoDBClient, m: Marshaller): Promise<Output>;
}

export class GetCommand extends DocumentCommand<Doc.GetCommandInput, Doc.GetCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const out = await client.send(new GetItemCommand(m.fields(this.input, ['Key']) as never));
    return m.answer<Doc.GetCommandOutput>(out, ['Item']);
  }
}

export class PutCommand extends DocumentCommand<Doc.PutCommandInput, Doc.PutCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const out = await client.send(
      new PutItemCommand(m.fields(this.input, ['Item', 'ExpressionAttributeValues']) as never),
    );
    return m.answer<Doc.PutCommandOutput>(out, ['Attributes']);
  }
}

export class UpdateCommand extends DocumentCommand<Doc.UpdateCommandInput, Doc.UpdateCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const out = await client.send(new UpdateItemCommand(m.fields(this.input, KEYED) as never));
    return m.answer<Doc.UpdateCommandOutput>(out, ['Attributes']);
  }
}

export class QueryCommand extends DocumentCommand<Doc.QueryCommandInput, Doc.QueryCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const out = await client.send(new QueryItemsCommand(m.fields(this.input, PAGED) as never));
    return m.answer<Doc.QueryCommandOutput>(out, PAGE);
  }
}

export class ScanCommand extends DocumentCommand<Doc.ScanCommandInput, Doc.ScanCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const out = await client.send(new ScanItemsCommand(m.fields(this.input, PAGED) as never));
    return m.answer<Doc.ScanCommandOutput>(out, PAGE);
  }
}

export class BatchGetCommand extends DocumentCommand<Doc.BatchGetCommandInput, Doc.BatchGetCommandOutput> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const tables = (requests: Record<string, { Keys?: Item[] }>, convert: (key: Item) => unknown) =>
      Object.fromEntries(
        Object.entries(requests).map(([table, r]) => [table, { ...r, Keys: r.Keys?.map(convert) }]),
      );
    const out = await client.send(
      new BatchGetItemCommand({
        ...this.input,
        RequestItems: tables(this.input.RequestItems ?? {}, (key) => m.item(key)),
      } as never),
    );
    return {
      ...out,
      Responses:
        out.Responses &&
        Object.fromEntries(
          Object.entries(out.Responses).map(([table, items]) => [table, items.map((i) => m.native(i))]),
        ),
      UnprocessedKeys:
        out.UnprocessedKeys && tables(out.UnprocessedKeys as never, (key) => m.native(key as never)),
    } as Doc.BatchGetCommandOutput;
  }
}

type WriteRequest = { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } };

export class BatchWriteCommand extends DocumentCommand<
  Doc.BatchWriteCommandInput,
  Doc.BatchWriteCommandOutput
> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const tables = (requests: Record<string, WriteRequest[]>, convert: (item: Item) => unknown) =>
      Object.fromEntries(
        Object.entries(requests).map(([table, writes]) => [
          table,
          writes.map((w) =>
            w.PutRequest
              ? { PutRequest: { ...w.PutRequest, Item: w.PutRequest.Item && convert(w.PutRequest.Item) } }
              : {
                  DeleteRequest: {
                    ...w.DeleteRequest,
                    Key: w.DeleteRequest?.Key && convert(w.DeleteRequest.Key),
                  },
                },
          ),
        ]),
      );
    const out = await client.send(
      new BatchWriteItemCommand({
        ...this.input,
        RequestItems: tables((this.input.RequestItems ?? {}) as never, (item) => m.item(item)),
      } as never),
    );
    return {
      ...out,
      UnprocessedItems:
        out.UnprocessedItems && tables(out.UnprocessedItems as never, (item) => m.native(item as never)),
    } as Doc.BatchWriteCommandOutput;
  }
}

export class TransactWriteCommand extends DocumentCommand<
  Doc.TransactWriteCommandInput,
  Doc.TransactWriteCommandOutput
> {
  async run(client: DynamoDBClient, m: Marshaller) {
    const items = (this.input.TransactItems ?? []).map((t) => {
      if (t.Put) return { ...t, Put: m.fields(t.Put, ['Item', 'ExpressionAttributeValues']) };
      if (t.Update) return { ...t, Update: m.fields(t.Update, KEYED) };
      if (t.Delete) return { ...t, Delete: m.fields(t.Delete, KEYED) };
      if (t.ConditionCheck) return { ...t, ConditionCheck: m.fields(t.ConditionCheck, KEYED) };
      return t;
    });
    // A refusal's CancellationReasons keep DynamoDB's items: the adapters that ask for them unmarshall them.
    return (await client.send(
      new TransactWriteItemsCommand({ ...this.input, TransactItems: items } as never),
    )) as Doc.TransactWriteCommandOutput;
  }
}

/** A DynamoDB client that takes and gives plain objects (see above). */
export class DocumentClient {
  private readonly marshaller: Marshaller;

  private constructor(
    readonly client: DynamoDBClient,
    options: marshallOptions,
  ) {
    this.marshaller = new Marshaller(options);
  }

  static from(client: DynamoDBClient, options: { marshallOptions?: marshallOptions } = {}): DocumentClient {
    // Whole items and keys are marshalled as records, never wrapped as one map value.
    return new DocumentClient(client, { ...options.marshallOptions, convertTopLevelContainer: false });
  }

  send<Output>(command: DocumentCommand<unknown, Output>): Promise<Output> {
    return command.run(this.client, this.marshaller);
  }
}

/** Every page of a query or scan, each asked from the last key of the one before (`Limit`: `pageSize`). */
async function* pages<Input extends { ExclusiveStartKey?: Item }, Output extends { LastEvaluatedKey?: Item }>(
  config: { client: DocumentClient; pageSize?: number },
  input: Input,
  Command: new (input: Input) => DocumentCommand<Input, Output>,
): AsyncGenerator<Output> {
  let start = input.ExclusiveStartKey;
  do {
    const page = await config.client.send(
      new Command({
        ...input,
        ...(config.pageSize !== undefined && { Limit: config.pageSize }),
        ...(start !== undefined && { ExclusiveStartKey: start }),
      }),
    );
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}

export const paginateQuery = (
  config: { client: DocumentClient; pageSize?: number },
  input: Doc.QueryCommandInput,
) => pages(config, input, QueryCommand);

export const paginateScan = (
  config: { client: DocumentClient; pageSize?: number },
  input: Doc.ScanCommandInput,
) => pages(config, input, ScanCommand);

export type QueryCommandInput = Doc.QueryCommandInput;
