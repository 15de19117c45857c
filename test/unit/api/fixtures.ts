import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
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
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import type { DirectoryEntry, DirectoryKind, Unit } from '../../../functions/domain/directory/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  decide,
  evolve,
  type Ticket,
  type TicketEvent,
} from '../../../functions/domain/ticket/index.ts';
import { ddb, lowLevel, NOW } from './setup.ts';

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
 * Expressions the fake does not understand throw, rather than pass unnoticed:
 * - UpdateExpression: `SET a = :v, …`, `ADD n :v, …` (numbers) and `REMOVE a, …`, in any order;
 * - ConditionExpression: terms `attribute_exists(a)`, `attribute_not_exists(a)` and `a op :v` (op one
 *   of = <> < <= > >=), joined by AND, then OR (no parentheses).
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
    const condition = input.KeyConditionExpression ?? '';
    const values = input.ExpressionAttributeValues ?? {};
    const pkName = /^(\w+) = :pk/.exec(condition)?.[1] ?? 'pk';
    const range = /AND (?:begins_with\((\w+), (:\w+)\)|(\w+) >= (:\w+))/.exec(condition);
    const skName = range?.[1] ?? range?.[3] ?? (pkName === 'pk' ? 'sk' : pkName.replace('pk', 'sk'));
    let matches = [...this.items.values()]
      .filter((item) => item[pkName] === values[':pk'])
      .filter((item) => {
        if (!range) return true;
        const sk = String(item[skName] ?? '');
        return range[1]
          ? sk.startsWith(String(values[range[2] as string]))
          : sk >= String(values[range[4] as string]);
      })
      .sort((a, b) => String(a[skName] ?? '').localeCompare(String(b[skName] ?? '')));
    if (input.ExclusiveStartKey) {
      const start = FakeTable.id(input.ExclusiveStartKey.pk, input.ExclusiveStartKey.sk);
      const at = matches.findIndex((i) => FakeTable.id(i.pk, i.sk) === start);
      matches = matches.slice(at + 1);
    }
    if (input.Select === 'COUNT') return { Count: matches.length };
    const page = input.Limit === undefined ? matches : matches.slice(0, input.Limit);
    const last = page.at(-1);
    return {
      Items: page.map((i) => structuredClone(i)),
      Count: page.length,
      LastEvaluatedKey: last && page.length < matches.length ? { pk: last.pk, sk: last.sk } : undefined,
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

/** The items the ticket repository keeps for a ticket: state, events and personal data. */
export function ticketItems(
  ticket: Ticket,
  events: TicketEvent[],
  record: { ticketNo?: string; queryCode?: string } = {},
): Item[] {
  const { name, phone, ...requester } = ticket.requester;
  const handling = ticket.clocks.handling ?? ticket.clocks.plan;
  const pk = `TICKET#${ticket.id}`;
  const ticketNo = record.ticketNo ?? TICKET_NO;
  return [
    {
      pk,
      sk: 'STATE',
      entity: 'ticket',
      version: ticket.version,
      status: ticket.status,
      state: JSON.stringify({ ...ticket, requester }),
      ticketNo,
      queryCode: record.queryCode ?? QUERY_CODE,
      gsi2pk: `TNO#${ticketNo}`,
      gsi2sk: 'TICKET',
      ...(ticket.assignment
        ? {
            gsi1pk: `UNIT#${ticket.assignment.leadUnit}`,
            gsi1sk: `${ticket.status}#${handling?.deadline ?? '~'}#${ticket.id}`,
          }
        : {}),
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
