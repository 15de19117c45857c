import { createHmac } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBServiceException,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  TransactionCanceledException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { encodeState } from '../../../functions/adapters/state-codec.ts';
import { type IndexDefinition, TABLE } from '../../../functions/adapters/table.ts';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import type { DirectoryEntry, DirectoryKind, Unit } from '../../../functions/domain/directory/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../../functions/domain/ticket/index.ts';
import { ddb, HASH_KEY, lowLevel, NOW } from './setup.ts';

export type Item = Record<string, unknown>;

/**
 * A small in-memory stand-in for the single table behind the mocked DynamoDBDocumentClient: enough
 * of GetItem, Query (table and index, COUNT, Limit and ExclusiveStartKey), PutItem, UpdateItem and
 * TransactWriteItems, with the condition expressions the adapters send, so that the handlers run
 * through their real repositories. Tests override single commands with `ddb.on(...)` for errors.
 *
 * Like the SDK, every command answers a promise, and a failed condition rejects it with
 * `ConditionalCheckFailedException` from `@aws-sdk/client-dynamodb`: the document client passes the
 * service's errors through as they are (it only translates inputs and outputs). Each command is
 * applied at once, in one step, as DynamoDB applies a single-item write atomically, so concurrent
 * requests interleave between commands, never inside one.
 *
 * Index queries behave as the table definition (`functions/adapters/table.ts`) says they do in AWS:
 * - an index holds only the items that carry both of its keys (sparse indexes);
 * - it answers only the attributes it projects: the table's keys, its own keys and its `include`
 *   (KEYS_ONLY when there is none), so a handler that needs any other attribute must read the item;
 * - it refuses ConsistentRead and `Select: ALL_ATTRIBUTES` (ValidationException);
 * - its LastEvaluatedKey carries the table's and the index's keys, and an ExclusiveStartKey must too.
 *
 * Expressions the fake does not understand throw, rather than pass unnoticed:
 * - KeyConditionExpression: `<partition key> = :v`, optionally `AND` one of `begins_with(<sort key>, :v)`,
 *   `<sort key> op :v` (op one of = < <= > >=) or `<sort key> BETWEEN :a AND :b`;
 * - UpdateExpression: `SET a = :v, …`, `ADD n :v, …` (numbers) and `REMOVE a, …`, in any order;
 * - ConditionExpression: terms `attribute_exists(a)`, `attribute_not_exists(a)` and `a op :v` (op one
 *   of = <> < <= > >=), joined by AND, then OR (no parentheses);
 * - no ProjectionExpression, FilterExpression or backward query.
 */
export class FakeTable {
  readonly items = new Map<string, Item>();

  private static id(pk: unknown, sk: unknown) {
    return `${String(pk)}\u0000${String(sk)}`;
  }

  put(...items: Item[]): this {
    for (const item of items) this.items.set(FakeTable.id(item.pk, item.sk), structuredClone(item));
    return this;
  }

  get(pk: string, sk: string): Item | undefined {
    return this.items.get(FakeTable.id(pk, sk));
  }

  /** Routes the document client's commands to this table. */
  install(): this {
    ddb.on(GetCommand).callsFake(async (input: GetCommandInput) => {
      if (input.ProjectionExpression !== undefined)
        unsupported('ProjectionExpression', input.ProjectionExpression);
      const item = this.get(String(input.Key?.pk), String(input.Key?.sk));
      return { Item: item && structuredClone(item) };
    });
    ddb.on(QueryCommand).callsFake(async (input: QueryCommandInput) => this.query(input));
    ddb.on(PutCommand).callsFake(async (input: PutCommandInput) => {
      const old = this.get(String(input.Item?.pk), String(input.Item?.sk));
      if (!satisfies(input.ConditionExpression, old, input)) throw conditionalCheckFailed();
      this.put(input.Item ?? {});
      return input.ReturnValues === 'ALL_OLD' ? { Attributes: old && structuredClone(old) } : {};
    });
    ddb.on(UpdateCommand).callsFake(async (input: UpdateCommandInput) => {
      const old = this.get(String(input.Key?.pk), String(input.Key?.sk));
      if (!satisfies(input.ConditionExpression, old, input)) throw conditionalCheckFailed();
      return this.update(input);
    });
    ddb.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => this.transact(input));
    return this;
  }

  private query(input: QueryCommandInput) {
    const index = input.IndexName === undefined ? undefined : indexNamed(input.IndexName);
    const schema: KeySchema = index ?? TABLE_KEYS;
    if (input.ProjectionExpression !== undefined)
      unsupported('ProjectionExpression', input.ProjectionExpression);
    if (input.FilterExpression !== undefined) unsupported('FilterExpression', input.FilterExpression);
    if (input.ScanIndexForward === false) unsupported('ScanIndexForward', 'false');
    if (input.Select === 'SPECIFIC_ATTRIBUTES') unsupported('Select', input.Select);
    if (index && input.ConsistentRead) {
      throw validationException('Consistent reads are not supported on global secondary indexes');
    }
    if (index && input.Select === 'ALL_ATTRIBUTES') {
      throw validationException(
        `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
      );
    }
    if (!index && input.Select === 'ALL_PROJECTED_ATTRIBUTES') {
      throw validationException('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
    }
    const { partition, inRange } = keyCondition(input, schema);
    const keyNames = keyAttributes(index);
    let matches = [...this.items.values()]
      .filter(
        (item) => typeof item[schema.partitionKey] === 'string' && typeof item[schema.sortKey] === 'string',
      )
      .filter((item) => item[schema.partitionKey] === partition && inRange(String(item[schema.sortKey])))
      .sort((a, b) => compareOrder(order(a, schema), order(b, schema)));
    if (input.ExclusiveStartKey) {
      const start = input.ExclusiveStartKey;
      const names = Object.keys(start).sort();
      if (names.join() !== [...keyNames].sort().join() || names.some((n) => typeof start[n] !== 'string')) {
        throw validationException(
          'The provided starting key is invalid: The provided key element does not match the schema',
        );
      }
      if (start[schema.partitionKey] !== partition) {
        throw validationException(
          'The provided starting key is outside query boundaries based on provided conditions',
        );
      }
      const after = order(start, schema);
      matches = matches.filter((item) => compareOrder(order(item, schema), after) > 0);
    }
    const page = input.Limit === undefined ? matches : matches.slice(0, input.Limit);
    const last = page.at(-1);
    const LastEvaluatedKey = last && page.length < matches.length ? pick(last, keyNames) : undefined;
    if (input.Select === 'COUNT') return { Count: page.length, ScannedCount: page.length, LastEvaluatedKey };
    const attributes = index && projectedAttributes(index);
    return {
      Items: page.map((i) => structuredClone(attributes ? pick(i, attributes) : i)),
      Count: page.length,
      ScannedCount: page.length,
      LastEvaluatedKey,
    };
  }

  /** Applies an UpdateExpression (its condition already checked) and answers as ReturnValues asks. */
  private update(input: UpdateCommandInput): { Attributes?: Item } {
    const key = input.Key ?? {};
    const old = this.get(String(key.pk), String(key.sk));
    const item: Item = structuredClone(old ?? key);
    const touched: string[] = [];
    for (const [clause, body] of clauses(input.UpdateExpression ?? '')) {
      for (const part of body.split(',').map((s) => s.trim())) {
        if (clause === 'SET') {
          const [name, value, ...rest] = part.split('=').map((s) => s.trim());
          if (!name || !value?.startsWith(':') || rest.length > 0) unsupported('SET', part);
          touched.push(attributeName(name, input));
          item[attributeName(name, input)] = placeholder(value, input);
        } else if (clause === 'ADD') {
          const [name, value, ...rest] = part.split(/\s+/);
          const by = placeholder(value ?? '', input);
          const attribute = attributeName(name ?? '', input);
          const current = item[attribute] ?? 0;
          if (rest.length > 0 || typeof by !== 'number' || typeof current !== 'number')
            unsupported('ADD', part);
          touched.push(attribute);
          item[attribute] = current + by;
        } else if (clause === 'REMOVE') {
          touched.push(attributeName(part, input));
          delete item[attributeName(part, input)];
        } else unsupported('UpdateExpression', clause);
      }
    }
    this.put(item);
    const pick = (from: Item | undefined) =>
      from && Object.fromEntries(touched.filter((a) => a in from).map((a) => [a, structuredClone(from[a])]));
    switch (input.ReturnValues ?? 'NONE') {
      case 'NONE':
        return {};
      case 'ALL_NEW':
        return { Attributes: structuredClone(item) };
      case 'ALL_OLD':
        return { Attributes: old && structuredClone(old) };
      case 'UPDATED_NEW':
        return { Attributes: pick(item) };
      case 'UPDATED_OLD':
        return { Attributes: pick(old) };
      default:
        return unsupported('ReturnValues', String(input.ReturnValues));
    }
  }

  /** All or nothing: each write's condition is checked first; any failure cancels the whole. */
  private transact(input: TransactWriteCommandInput) {
    const writes = input.TransactItems ?? [];
    const failed = writes.map((w) => {
      const op = w.Put ?? w.Update ?? w.Delete ?? w.ConditionCheck;
      const key = w.Put ? w.Put.Item : (w.Update ?? w.Delete ?? w.ConditionCheck)?.Key;
      const current = this.get(String(key?.pk), String(key?.sk));
      return !satisfies(op?.ConditionExpression, current, op ?? {});
    });
    if (failed.some(Boolean)) {
      throw transactionCanceled(failed.map((f) => (f ? 'ConditionalCheckFailed' : 'None')));
    }
    for (const w of writes) {
      if (w.Put) this.put(w.Put.Item ?? {});
      if (w.Update) this.update({ ...w.Update, ReturnValues: 'NONE' } as UpdateCommandInput);
      if (w.Delete) this.items.delete(FakeTable.id(w.Delete.Key?.pk, w.Delete.Key?.sk));
    }
    return {};
  }
}

interface KeySchema {
  partitionKey: string;
  sortKey: string;
}

const TABLE_KEYS: KeySchema = { partitionKey: TABLE.partitionKey, sortKey: TABLE.sortKey };

function indexNamed(name: string): IndexDefinition {
  const index = TABLE.indexes.find((i) => i.name === name);
  if (!index) throw validationException(`The table does not have the specified index: ${name}`);
  return index;
}

/** The key attributes of an item in the table, or in an index (the table's keys and the index's). */
function keyAttributes(index: IndexDefinition | undefined): string[] {
  return index
    ? [TABLE.partitionKey, TABLE.sortKey, index.partitionKey, index.sortKey]
    : [TABLE.partitionKey, TABLE.sortKey];
}

/**
 * What a query of an index answers of each item, as DynamoDB projects it: the table's keys, the
 * index's keys and the attributes the index includes (none for KEYS_ONLY).
 */
function projectedAttributes(index: IndexDefinition): string[] {
  return [...keyAttributes(index), ...(index.include ?? [])];
}

function pick(item: Item, attributes: readonly string[]): Item {
  return Object.fromEntries(attributes.filter((a) => a in item).map((a) => [a, item[a]]));
}

/**
 * Where an item stands in a query's answer: by the sort key, then (in an index, where sort keys may
 * repeat) by the table's keys. Strings compare by code unit, as DynamoDB compares their bytes.
 */
function order(item: Item, schema: KeySchema): string[] {
  const position = [String(item[schema.sortKey] ?? '')];
  if (schema !== TABLE_KEYS) position.push(String(item[TABLE.partitionKey]), String(item[TABLE.sortKey]));
  return position;
}

function compareOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? '', b[i] ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The partition a KeyConditionExpression names and the test its sort key condition (if any) makes. */
function keyCondition(
  input: QueryCommandInput,
  schema: KeySchema,
): { partition: unknown; inRange: (sortKey: string) => boolean } {
  const expression = (input.KeyConditionExpression ?? '').trim();
  const parts = /^([#\w]+)\s*=\s*(:\w+)(?:\s+AND\s+(.+))?$/.exec(expression);
  if (!parts) return unsupported('KeyConditionExpression', expression);
  if (attributeName(parts[1] as string, input) !== schema.partitionKey) {
    throw validationException(`Query condition missed key schema element: ${schema.partitionKey}`);
  }
  const partition = placeholder(parts[2] as string, input);
  const range = parts[3]?.trim();
  if (range === undefined) return { partition, inRange: () => true };
  const sortKeyNamed = (token: string) => {
    if (attributeName(token, input) !== schema.sortKey) {
      throw validationException(`Query condition missed key schema element: ${schema.sortKey}`);
    }
  };
  const value = (token: string) => String(placeholder(token, input));
  const begins = /^begins_with\(\s*([#\w]+)\s*,\s*(:\w+)\s*\)$/.exec(range);
  if (begins) {
    sortKeyNamed(begins[1] as string);
    const prefix = value(begins[2] as string);
    return { partition, inRange: (sk) => sk.startsWith(prefix) };
  }
  const between = /^([#\w]+)\s+BETWEEN\s+(:\w+)\s+AND\s+(:\w+)$/.exec(range);
  if (between) {
    sortKeyNamed(between[1] as string);
    const [low, high] = [value(between[2] as string), value(between[3] as string)];
    return { partition, inRange: (sk) => sk >= low && sk <= high };
  }
  const comparison = /^([#\w]+)\s*(<=|>=|=|<|>)\s*(:\w+)$/.exec(range);
  if (!comparison) return unsupported('KeyConditionExpression', expression);
  sortKeyNamed(comparison[1] as string);
  const bound = value(comparison[3] as string);
  const compare = COMPARISONS[comparison[2] as string] as (a: string, b: string) => boolean;
  return { partition, inRange: (sk) => compare(sk, bound) };
}

interface ExpressionInput {
  ExpressionAttributeNames?: Record<string, string> | undefined;
  ExpressionAttributeValues?: Record<string, unknown> | undefined;
}

function unsupported(what: string, text: string): never {
  throw new Error(`FakeTable does not understand ${what}: ${text}`);
}

function attributeName(token: string, input: ExpressionInput): string {
  if (!token.startsWith('#')) return token;
  return input.ExpressionAttributeNames?.[token] ?? unsupported('an undefined name', token);
}

function placeholder(token: string, input: ExpressionInput): unknown {
  const values = input.ExpressionAttributeValues ?? {};
  if (!(token in values)) unsupported('an undefined value', token);
  return values[token];
}

/** The clauses of an UpdateExpression, e.g. `ADD n :one SET expiration = :exp` → ADD, SET. */
function clauses(expression: string): [string, string][] {
  const parts = expression.trim().split(/(?:^|\s+)(SET|REMOVE|ADD|DELETE)\s+/);
  if (parts[0] !== '') unsupported('UpdateExpression', expression);
  const out: [string, string][] = [];
  for (let i = 1; i < parts.length; i += 2) out.push([String(parts[i]), String(parts[i + 1]).trim()]);
  return out;
}

const COMPARISONS: Record<string, (a: number | string, b: number | string) => boolean> = {
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** Whether `item` (undefined when there is none) meets a ConditionExpression; none is always met. */
function satisfies(condition: string | undefined, item: Item | undefined, input: ExpressionInput): boolean {
  if (condition === undefined) return true;
  const term = (text: string): boolean => {
    const exists = /^attribute_(not_)?exists\(\s*([#\w]+)\s*\)$/.exec(text);
    if (exists) {
      const present = item !== undefined && attributeName(exists[2] as string, input) in item;
      return exists[1] ? !present : present;
    }
    const comparison = /^([#\w]+)\s*(<>|<=|>=|=|<|>)\s*(:\w+)$/.exec(text);
    if (!comparison) return unsupported('ConditionExpression', condition);
    const left = item?.[attributeName(comparison[1] as string, input)];
    const right = placeholder(comparison[3] as string, input);
    // A missing attribute, or values of different types, meet no comparison but "<>".
    const comparable =
      (typeof left === 'number' && typeof right === 'number') ||
      (typeof left === 'string' && typeof right === 'string');
    if (!comparable) return comparison[2] === '<>';
    return (COMPARISONS[comparison[2] as string] as (a: unknown, b: unknown) => boolean)(left, right);
  };
  return condition
    .split(/\s+OR\s+/)
    .some((alternative) => alternative.split(/\s+AND\s+/).every((t) => term(t.trim())));
}

/** The error a failed ConditionExpression of a single write rejects with, through the document client. */
export function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
  });
}

/** The error DynamoDB answers a cancelled transaction with, one reason per item. */
export function transactionCanceled(codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({
      Code,
      ...(Code === 'None' ? {} : { Message: 'The conditional request failed' }),
    })),
  });
}

/** The error DynamoDB answers a request it finds invalid with (HTTP 400, ValidationException). */
export function validationException(message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message,
  });
}

/**
 * The idempotency records Powertools keeps through the low-level DynamoDBClient (PutItem with a
 * condition, GetItem, UpdateItem, DeleteItem), in memory. A PutItem on an existing record fails the
 * way DynamoDB does with ReturnValuesOnConditionCheckFailure ALL_OLD: ConditionalCheckFailedException
 * carrying the old item, unless `returnOldItem` is off (then Powertools reads it with GetItem).
 */
export class FakeIdempotencyStore {
  readonly records = new Map<string, Record<string, AttributeValue>>();
  returnOldItem = true;

  private static id(key: Record<string, AttributeValue> | undefined) {
    return `${key?.pk?.S}\u0000${key?.sk?.S}`;
  }

  install(): this {
    lowLevel.on(PutItemCommand).callsFake(async (input: PutItemCommandInput) => {
      const id = FakeIdempotencyStore.id(input.Item);
      const old = this.records.get(id);
      if (old) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: { httpStatusCode: 400 },
          ...(this.returnOldItem ? { Item: structuredClone(old) } : {}),
        });
      }
      this.records.set(id, structuredClone(input.Item ?? {}));
      return {};
    });
    lowLevel.on(GetItemCommand).callsFake(async (input: GetItemCommandInput) => {
      const item = this.records.get(FakeIdempotencyStore.id(input.Key));
      return { Item: item && structuredClone(item) };
    });
    lowLevel.on(UpdateItemCommand).callsFake(async (input: UpdateItemCommandInput) => {
      const id = FakeIdempotencyStore.id(input.Key);
      const item = { ...(this.records.get(id) ?? input.Key) };
      const set = /^SET (.*)$/.exec(input.UpdateExpression ?? '')?.[1] ?? '';
      for (const assignment of set.split(',')) {
        const [name, value] = assignment.split('=').map((s) => s.trim());
        const attribute = input.ExpressionAttributeNames?.[name ?? ''];
        const v = input.ExpressionAttributeValues?.[value ?? ''];
        if (attribute && v) item[attribute] = v;
      }
      this.records.set(id, item as Record<string, AttributeValue>);
      return {};
    });
    lowLevel.on(DeleteItemCommand).callsFake(async (input: DeleteItemCommandInput) => {
      this.records.delete(FakeIdempotencyStore.id(input.Key));
      return {};
    });
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------
// Directory

/**
 *   city-housing ─┬─ district-housing ── street-a
 *                 └─ district-planning
 *   city-water ───── district-water
 */
export const UNITS: Unit[] = [
  { id: 'city-housing', name: '市住建局', level: 'city' },
  { id: 'district-housing', name: '区住建局', level: 'county', parentId: 'city-housing' },
  { id: 'street-a', name: 'A街道', level: 'township', parentId: 'district-housing' },
  { id: 'district-planning', name: '区规划局', level: 'county', parentId: 'city-housing' },
  { id: 'city-water', name: '市水务局', level: 'city' },
  { id: 'district-water', name: '区水务局', level: 'county', parentId: 'city-water' },
];

export function directoryItem<K extends DirectoryKind>(kind: K, entry: DirectoryEntry<K>): Item {
  return { pk: `DIR#${kind}`, sk: entry.id, entity: 'directory', kind, entry: JSON.stringify(entry) };
}

export const unitItems = (): Item[] => UNITS.map((u) => directoryItem('unit', u));

// ---------------------------------------------------------------------------------------------------
// Tickets

export const TICKET_ID = '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';
export const TICKET_NO = '20261102000007';
export const QUERY_CODE = 'K7PQ2MXA';
export const PHONE = '13800138000';
export const NAME = '张三';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar({ workingHours: policy.calendar.workingHours });
const channel: Actor = { id: 'key-web', role: 'channel' };
const dispatcher: Actor = { id: 'dispatcher-1', role: 'dispatcher' };
const clerk: Actor = { id: 'clerk-1', role: 'unitClerk', unitId: 'district-housing' };

export type Stage = 'received' | 'dispatched' | 'inProgress';

/** A ticket driven through the real decider to a stage, with the events that brought it there. */
export function ticketAt(
  stage: Stage,
  opts: { confidential?: boolean; id?: string } = {},
): { ticket: Ticket; events: TicketEvent[] } {
  const steps: [CommandInput, Actor][] = [
    [
      {
        action: 'register',
        channel: 'phone',
        type: 'complaint',
        category: 'housing',
        content: '小区电梯长期故障无人维修',
        requester: { name: NAME, phone: PHONE, confidential: opts.confidential ?? false },
      },
      channel,
    ],
  ];
  if (stage !== 'received') {
    steps.push([
      { action: 'dispatch', leadUnit: 'district-housing', coUnits: ['district-water'], level: 'county' },
      dispatcher,
    ]);
  }
  if (stage === 'inProgress') steps.push([{ action: 'sign' }, clerk]);
  let ticket: Ticket | null = null;
  const events: TicketEvent[] = [];
  for (const [command, actor] of steps) {
    const decided = decide(ticket, commandSchema.parse(command), {
      policy,
      calendar,
      now: NOW,
      actor,
      newTicketId: opts.id ?? TICKET_ID,
    });
    for (const e of decided) ticket = evolve(ticket, e);
    events.push(...decided);
  }
  return { ticket: ticket as Ticket, events };
}

/**
 * The items the ticket repository keeps for a ticket (state, events and personal data), as it
 * stores them: the state deflated (`encodeState`) and without name or phone; the inbox keys and
 * summary while the ticket is assigned; the requester key as a keyed hash of the phone; the
 * due-timers keys from the ticket's next timer, in UTC.
 */
export function ticketItems(
  ticket: Ticket,
  events: TicketEvent[],
  record: { ticketNo?: string; queryCode?: string } = {},
): Item[] {
  const { name, phone, ...requester } = ticket.requester;
  const handling = ticket.clocks.handling ?? ticket.clocks.plan;
  const next = earliestTimer(ticket, { policy, calendar });
  const due = next && new Date(next.at).toISOString();
  const pk = `TICKET#${ticket.id}`;
  const ticketNo = record.ticketNo ?? TICKET_NO;
  const { id, status, type, category, classId, overdue } = ticket;
  return [
    {
      pk,
      sk: 'STATE',
      entity: 'ticket',
      version: ticket.version,
      status: ticket.status,
      state: encodeState({ ...ticket, requester }),
      ticketNo,
      queryCode: record.queryCode ?? QUERY_CODE,
      gsi2pk: `TNO#${ticketNo}`,
      gsi2sk: 'TICKET',
      gsi4pk: `MATTER#${ticket.regionId ?? '-'}#${ticket.category}`,
      gsi4sk: `${ticket.receivedAt}#${ticket.id}`,
      ...(phone
        ? {
            gsi3pk: `REQ#${createHmac('sha256', HASH_KEY).update(phone).digest('base64url')}`,
            gsi3sk: `${ticket.receivedAt}#${ticket.id}`,
          }
        : {}),
      ...(ticket.assignment
        ? {
            gsi1pk: `UNIT#${ticket.assignment.leadUnit}`,
            gsi1sk: `${ticket.status}#${handling?.deadline ?? '~'}#${ticket.id}`,
            summary: JSON.stringify({
              id,
              status,
              type,
              category,
              classId,
              deadline: handling?.deadline ?? null,
              overdue,
            }),
          }
        : {}),
      ...(next && due ? { gsi5pk: `DUE#${due.slice(0, 10)}`, gsi5sk: `${due}#${ticket.id}#${next.id}` } : {}),
    },
    ...events.map((event, i) => ({
      pk,
      sk: `EVENT#${String(i + 1).padStart(6, '0')}`,
      entity: 'event',
      ticketId: ticket.id,
      seq: i + 1,
      type: event.type,
      at: event.at,
      body: JSON.stringify(
        event.type === 'TicketRegistered'
          ? { ...event, requester: { ...event.requester, name: undefined, phone: undefined } }
          : event,
      ),
    })),
    ...(name || phone ? [{ pk, sk: 'PII', name, phone }] : []),
  ];
}

/** The table with the unit tree and one ticket at a stage. */
export function tableWithTicket(stage: Stage, opts: { confidential?: boolean } = {}) {
  const { ticket, events } = ticketAt(stage, opts);
  const table = new FakeTable().put(...unitItems(), ...ticketItems(ticket, events));
  return { table, ticket, events };
}
