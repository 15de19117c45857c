import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  addCounts,
  type Bulletin,
  type Contribution,
  type FrozenScores,
  INDICATORS,
  type IndicatorCounts,
  type Measure,
  nextMonth,
  type Sanction,
  splitUpkeep,
  upkeepIndicators,
} from '../domain/assessment/index.ts';
// The knowledge base's own modules, not its index: its commands' schemas would weigh on every bundle.
import type { KnowledgeEvent } from '../domain/knowledge/events.ts';
import { UPKEEP_COUNTS } from '../domain/knowledge/upkeep.ts';
import {
  type CountRow,
  categoryRegion,
  type DailyCount,
  type DailyDimension,
} from '../domain/reports/index.ts';
import type { TicketEvent } from '../domain/ticket/index.ts';
import {
  BatchWriteCommand,
  type DocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from './document-client.ts';
import { keys } from './table.ts';
import { storedEvent } from './ticket-repository.ts';
import { countUpdates, itemsOfRows, rowsOfItem, sumRows } from './volume-counts.ts';

/**
 * The assessment's items in the single table:
 * - unit aggregates   AGG#<YYYY-MM> / UNIT#<unit>        one number attribute per indicator
 *                     AGG#<YYYY-MM> / KBUNIT#<unit>      the unit's knowledge-base upkeep counts, written
 *                                                        by the knowledge base with its events (table.ts)
 * - projected marks   TICKET#<id> / PROJECTED#<seq>      an event already counted (idempotency)
 * - frozen scores     CLOSE#<YYYY-MM> / SCORES           written once by the monthly close
 * - bulletin          CLOSE#<YYYY-MM> / BULLETIN         the published monthly bulletin
 *                     (both deflated JSON in `body`: some 490 bytes of JSON a unit would reach
 *                     DynamoDB's 400 KB item limit at about 800 units; items written before as a
 *                     JSON string are still read)
 * - sanctions         SANCTION#<YYYY-MM> / close#<unit>#<measure>   applied by the monthly close
 *                     SANCTION#<YYYY-MM> / manual#<unit>#<measure>#<at>   recorded by a supervisor
 * - daily counts      VOL#<YYYY-MM> / D#<day>#<dimension>#<value>     registrations by category|region
 *                     (`n`) with their channel and type counts as attributes, which category and
 *                     region are read from (volume-counts.ts); the hotline's indicator totals of
 *                     the day on one item, `D#<day>#indicator#`, an `indicator#<name>` count each
 * - monthly roll-ups  VOLM#<YYYY> / M#<month>#<dimension>#<value>      the same per month, but the
 *                     indicator totals, which are the sum of the month's unit aggregates
 * - unit analyses    ANALYSIS#<YYYY-MM> / UNIT#<unit>     a unit's monthly analysis (TN:6(八)), first sending kept
 * - matter tickets    MATTERDAY#<category|region> / <day>#<ticketId>   the tickets a cluster names
 * A month's aggregates share a partition, so that the monthly close and the live ranking read a
 * whole month with one Query and never pass over tickets; the reports read a month's days, or a
 * year's months, with one Query each.
 */
export const assessmentKeys = {
  day: (day: string, dimension: DailyDimension, value: string) => ({
    pk: `VOL#${day.slice(0, 7)}`,
    sk: `D#${day}#${dimension}#${value}`,
  }),
  matterTicket: (categoryRegion: string, day: string, ticketId: string) => ({
    pk: `MATTERDAY#${categoryRegion}`,
    sk: `${day}#${ticketId}`,
  }),
  month: (month: string, dimension: DailyDimension, value: string) => ({
    pk: `VOLM#${month.slice(0, 4)}`,
    sk: `M#${month}#${dimension}#${value}`,
  }),
  unitMonth: (month: string, unit: string) => ({ pk: `AGG#${month}`, sk: `UNIT#${unit}` }),
  unitUpkeep: keys.unitUpkeep,
  close: (month: string, what: 'SCORES' | 'BULLETIN') => ({ pk: `CLOSE#${month}`, sk: what }),
  projected: (ticketId: string, seq: number) => ({
    pk: keys.ticket(ticketId).pk,
    sk: `PROJECTED#${String(seq).padStart(6, '0')}`,
  }),
};

/** DynamoDB's capacity units a call consumed, for the benchmark. */
export interface Consumed {
  read: number;
  write: number;
}

const INDICATOR_SET = new Set<string>(INDICATORS);

/** The items one event's daily counts add to: its day's, and its month's roll-ups (volume-counts.ts). */
function dayAndMonthUpdates(daily: readonly DailyCount[]) {
  return [
    ...countUpdates(daily, assessmentKeys.day, (day) => day),
    ...countUpdates(daily.filter(rolledUp), assessmentKeys.month, (day) => day.slice(0, 7)),
  ];
}

/**
 * Whether a count has a monthly roll-up item: the hotline's indicator totals of a month are the sum
 * of its units' aggregates, which the same transaction adds to, so they have none.
 */
const rolledUp = (count: { dimension: DailyDimension }) => count.dimension !== 'indicator';

/** An update that adds counts to one count item. */
function addition(
  tableName: string,
  { key, adds }: { key: { pk: string; sk: string }; adds: Record<string, number> },
) {
  const names = Object.keys(adds);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET entity = :entity ADD ${names.map((_, i) => `#a${i} :a${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
      ExpressionAttributeValues: {
        ':entity': 'volume',
        ...Object.fromEntries(names.map((name, i) => [`:a${i}`, adds[name]])),
      },
    },
  };
}

/** A close item's body: its JSON, deflated. */
const packed = (value: unknown) => deflateRawSync(Buffer.from(JSON.stringify(value)));

/** A close item's body as stored: deflated JSON, or a JSON string (items written before). */
function unpacked<T>(body: unknown): T {
  const text = typeof body === 'string' ? body : inflateRawSync(body as Uint8Array).toString('utf8');
  return JSON.parse(text) as T;
}

/** A unit's monthly analysis as stored (TN:6(八)). */
export interface AnalysisRecord {
  unit: string;
  month: string;
  at: string;
  by: string;
  summary: string;
}

/** A sanction as stored: the close's own, or one a supervisor recorded by hand. */
export interface StoredSanction extends Sanction {
  source: 'close' | 'manual';
  at: string;
  by: string;
}

export class AssessmentRepository {
  /** Capacity consumed by this repository's calls since it was made. */
  readonly consumed: Consumed = { read: 0, write: 0 };

  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * A ticket's events from the first to `seq`, in order (strongly consistent: the event at `seq`
   * was just written). Fewer than `seq` means the history is not all there yet.
   */
  async historyUpTo(ticketId: string, seq: number): Promise<TicketEvent[]> {
    const events: TicketEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: {
            ':pk': keys.ticket(ticketId).pk,
            ':first': keys.event(ticketId, 1).sk,
            ':last': keys.event(ticketId, seq).sk,
          },
          ProjectionExpression: '#event, body',
          ExpressionAttributeNames: { '#event': 'event' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of out.Items ?? []) events.push(storedEvent(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return events;
  }

  /**
   * Adds one event's contributions to the aggregates, once: the mark of the event and the counts are
   * one transaction conditioned on the mark's absence, so a redelivered or replayed event adds
   * nothing. Returns false when the event was already counted. A registration's mark is the item
   * that names its ticket among its matter's tickets of the day, which it writes anyway (one per
   * ticket); any other event's is a `PROJECTED#<seq>` item.
   */
  async addOnce(
    ticketId: string,
    seq: number,
    contributions: readonly Contribution[],
    daily: readonly DailyCount[] = [],
  ): Promise<boolean> {
    if (contributions.length === 0 && daily.length === 0) return true;
    const byItem = new Map<string, { month: string; unit: string; counts: Map<string, number> }>();
    for (const c of contributions) {
      const key = `${c.month}|${c.unit}`;
      const item = byItem.get(key) ?? { month: c.month, unit: c.unit, counts: new Map() };
      item.counts.set(c.indicator, (item.counts.get(c.indicator) ?? 0) + 1);
      byItem.set(key, item);
    }
    const matters = daily.filter((c) => c.dimension === 'categoryRegion');
    const [matter] = matters;
    const mark =
      matters.length === 1 && matter
        ? { ...assessmentKeys.matterTicket(matter.value, matter.day, ticketId), entity: 'matterTicket' }
        : { ...assessmentKeys.projected(ticketId, seq), entity: 'projected' };
    try {
      const out = await this.db.send(
        new TransactWriteCommand({
          ReturnConsumedCapacity: 'TOTAL',
          TransactItems: [
            {
              Put: { TableName: this.tableName, Item: mark, ConditionExpression: 'attribute_not_exists(pk)' },
            },
            ...[...byItem.values()].map(({ month, unit, counts }) => {
              const names: Record<string, string> = {
                '#entity': 'entity',
                '#unit': 'unit',
                '#month': 'month',
              };
              const values: Record<string, unknown> = {
                ':entity': 'aggregate',
                ':unit': unit,
                ':month': month,
              };
              const adds: string[] = [];
              [...counts].forEach(([indicator, n], i) => {
                names[`#i${i}`] = indicator;
                values[`:n${i}`] = n;
                adds.push(`#i${i} :n${i}`);
              });
              return {
                Update: {
                  TableName: this.tableName,
                  Key: assessmentKeys.unitMonth(month, unit),
                  UpdateExpression: `SET #entity = :entity, #unit = :unit, #month = :month ADD ${adds.join(', ')}`,
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              };
            }),
            ...(mark.entity === 'matterTicket' ? [] : matters).map((c) => ({
              Put: {
                TableName: this.tableName,
                Item: { ...assessmentKeys.matterTicket(c.value, c.day, ticketId), entity: 'matterTicket' },
              },
            })),
            ...dayAndMonthUpdates(daily).map((update) => addition(this.tableName, update)),
          ],
        }),
      );
      for (const c of out.ConsumedCapacity ?? []) this.consumed.write += c.CapacityUnits ?? 0;
      return true;
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /**
   * Every unit's counts for a month, its ticket indicators and its knowledge-base upkeep: one Query
   * of the month's partition.
   */
  async unitMonth(month: string): Promise<Map<string, IndicatorCounts>> {
    const units = new Map<string, IndicatorCounts>();
    for (const item of await this.monthItems(month)) {
      const sk = String(item.sk);
      const counts: IndicatorCounts = {};
      if (sk.startsWith('UNIT#')) {
        for (const [k, v] of Object.entries(item)) {
          if (INDICATOR_SET.has(k) && typeof v === 'number') counts[k as keyof IndicatorCounts] = v;
        }
      } else if (sk.startsWith('KBUNIT#')) {
        addCounts(
          counts,
          upkeepIndicators(Object.fromEntries(UPKEEP_COUNTS.map((c) => [c, Number(item[c] ?? 0)]))),
        );
      } else continue;
      const unit = sk.slice(sk.indexOf('#') + 1);
      units.set(unit, addCounts(units.get(unit) ?? {}, counts));
    }
    return units;
  }

  private async monthItems(month: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `AGG#${month}` },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Every stored ticket and knowledge-base event, page by page, for a rebuild. A Scan: an operator's
   * command, never a request path. `onPage` gets each page's ticket events with their ticket and
   * sequence number, and its knowledge-base events.
   */
  async scanEvents(
    onPage: (
      events: { ticketId: string; seq: number; event: TicketEvent }[],
      knowledge: KnowledgeEvent[],
    ) => void,
  ): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'entity IN (:event, :knowledge)',
          ExpressionAttributeValues: { ':event': 'event', ':knowledge': 'knowledgeEvent' },
          ProjectionExpression: 'pk, sk, entity, #event, body',
          ExpressionAttributeNames: { '#event': 'event' },
          ExclusiveStartKey: start,
        }),
      );
      const items = out.Items ?? [];
      onPage(
        items
          .filter((i) => i.entity === 'event')
          .map((i) => ({
            ticketId: String(i.pk).replace(/^TICKET#/, ''),
            seq: Number(String(i.sk).replace(/^EVENT#/, '')),
            event: storedEvent(i),
          })),
        items.filter((i) => i.entity === 'knowledgeEvent').map((i) => JSON.parse(String(i.body))),
      );
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Replaces a month's unit aggregates with `units` (a rebuild): each unit's ticket indicators and
   * knowledge-base upkeep written whole to their own items, the month's other items deleted.
   */
  async replaceMonth(month: string, units: ReadonlyMap<string, IndicatorCounts>): Promise<void> {
    const puts: Record<string, unknown>[] = [];
    for (const [unit, counts] of units) {
      const { tickets, upkeep } = splitUpkeep(counts);
      if (Object.keys(tickets).length > 0) {
        puts.push({ ...assessmentKeys.unitMonth(month, unit), entity: 'aggregate', unit, month, ...tickets });
      }
      if (Object.keys(upkeep).length > 0) {
        puts.push({
          ...assessmentKeys.unitUpkeep(month, unit),
          entity: 'knowledgeUpkeep',
          unit,
          month,
          ...upkeep,
        });
      }
    }
    const wanted = new Set(puts.map((p) => String(p.sk)));
    const deletes = (await this.monthItems(month))
      .filter((i) => !wanted.has(String(i.sk)))
      .map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } }));
    await this.batchWrite([...deletes, ...puts.map((Item) => ({ PutRequest: { Item } }))]);
  }

  /** The daily counts of the days from `first` to `last` (`YYYY-MM-DD`): one Query per month. */
  async dailyCounts(first: string, last: string): Promise<CountRow[]> {
    const months: string[] = [];
    for (let m = first.slice(0, 7); m <= last.slice(0, 7); m = nextMonth(m)) months.push(m);
    const pages = await Promise.all(
      months.map((month) => this.countItems(`VOL#${month}`, `D#${first}`, `D#${last}#~`)),
    );
    return pages.flat();
  }

  /**
   * The monthly roll-ups of the months from `first` to `last` (`YYYY-MM`): one Query per year, and
   * the indicator totals summed from each month's unit aggregates (one Query per month). No
   * category|region rows: only the clusters read those, by day.
   */
  async monthlyCounts(first: string, last: string): Promise<CountRow[]> {
    const years: string[] = [];
    for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y += 1)
      years.push(String(y).padStart(4, '0'));
    const months: string[] = [];
    for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
    const [volumes, indicators] = await Promise.all([
      Promise.all(years.map((year) => this.countItems(`VOLM#${year}`, `M#${first}`, `M#${last}#~`))),
      Promise.all(months.map((month) => this.indicatorTotals(month))),
    ]);
    // Indicator roll-ups stored by earlier versions are left out: the unit aggregates hold the same.
    return [...volumes.flat().filter(rolledUp), ...indicators.flat()].filter(
      (r) => r.dimension !== 'categoryRegion',
    );
  }

  /** The hotline's indicator totals of a month: its units' ticket indicators, summed. */
  private async indicatorTotals(month: string): Promise<CountRow[]> {
    const totals = new Map<string, number>();
    for (const item of await this.monthItems(month)) {
      if (!String(item.sk).startsWith('UNIT#')) continue;
      for (const [name, n] of Object.entries(item)) {
        if (INDICATOR_SET.has(name) && typeof n === 'number') totals.set(name, (totals.get(name) ?? 0) + n);
      }
    }
    return [...totals].map(([value, n]) => ({ at: month, dimension: 'indicator' as const, value, n }));
  }

  /** The rows of the count items of one partition between two sort keys, summed. */
  private async countItems(pk: string, from: string, to: string): Promise<CountRow[]> {
    return sumRows((await this.rawCountItems(pk, from, to)).flatMap(rowsOfItem));
  }

  private async rawCountItems(pk: string, from: string, to: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Replaces a month's daily counts and its roll-ups with `days` (a rebuild): the month's items not
   * in `days` are deleted, the others written whole.
   */
  async replaceCounts(month: string, days: readonly CountRow[]): Promise<void> {
    const wanted = [
      ...itemsOfRows(days, assessmentKeys.day),
      ...itemsOfRows(
        days.filter(rolledUp).map((r) => ({ ...r, at: month })),
        assessmentKeys.month,
      ),
    ];
    const kept = new Set(wanted.map(({ key }) => `${key.pk}|${key.sk}`));
    const existing = [
      ...(await this.rawCountItems(`VOL#${month}`, `D#${month}-01`, `D#${month}-31#~`)),
      ...(await this.rawCountItems(`VOLM#${month.slice(0, 4)}`, `M#${month}`, `M#${month}#~`)),
    ];
    const deletes = existing
      .filter((i) => !kept.has(`${i.pk}|${i.sk}`))
      .map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } }));
    const puts = wanted.map(({ key, adds }) => ({
      PutRequest: { Item: { ...key, entity: 'volume', ...adds } },
    }));
    await this.batchWrite([...deletes, ...puts]);
  }

  /**
   * The ids of the tickets on one matter (category in region) registered from `from` to `to`
   * (`YYYY-MM-DD`, Asia/Shanghai): the tickets of a cluster, one Query.
   */
  async sameMatterTickets(region: string, category: string, from: string, to: string): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': assessmentKeys.matterTicket(categoryRegion(category, region), from, '').pk,
            ':from': from,
            ':to': `${to}#~`,
          },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of out.Items ?? []) ids.push(String(item.sk).split('#').pop() as string);
      start = out.LastEvaluatedKey;
    } while (start);
    return ids;
  }

  /** Records the tickets of matters again (a rebuild; the same items as the live projection's). */
  async markMatterTickets(rows: readonly { categoryRegion: string; day: string; ticketId: string }[]) {
    await this.batchWrite(
      rows.map((r) => ({
        PutRequest: {
          Item: {
            ...assessmentKeys.matterTicket(r.categoryRegion, r.day, r.ticketId),
            entity: 'matterTicket',
          },
        },
      })),
    );
  }

  /**
   * Records a unit's monthly analysis (TN:6(八)) once: a second sending keeps the first, whose time
   * decides whether it came by the due day. Returns the record kept.
   */
  async submitAnalysis(record: AnalysisRecord): Promise<AnalysisRecord> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `ANALYSIS#${record.month}`, sk: `UNIT#${record.unit}`, entity: 'analysis', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const kept = (await this.analyses(record.month)).find((a) => a.unit === record.unit);
      return kept ?? record;
    }
  }

  /** The analyses units sent for a month. */
  async analyses(month: string): Promise<AnalysisRecord[]> {
    const out: AnalysisRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `ANALYSIS#${month}` },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) {
        out.push({
          unit: String(i.unit),
          month: String(i.month),
          at: String(i.at),
          by: String(i.by),
          summary: String(i.summary),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Marks events as counted (a rebuild counted them). */
  async markProjected(events: readonly { ticketId: string; seq: number }[]): Promise<void> {
    await this.batchWrite(
      events.map(({ ticketId, seq }) => ({
        PutRequest: { Item: { ...assessmentKeys.projected(ticketId, seq), entity: 'projected' } },
      })),
    );
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
      for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
        if (attempt > 8) throw new Error('DynamoDB left writes unprocessed after 8 retries');
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await this.db.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: pending as never },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const c of out.ConsumedCapacity ?? []) this.consumed.write += c.CapacityUnits ?? 0;
        pending = out.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined;
      }
    }
  }

  /** Freezes a month's scores once; a second close finds and keeps the first ones. */
  async freeze(frozen: FrozenScores): Promise<FrozenScores> {
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...assessmentKeys.close(frozen.month, 'SCORES'),
            entity: 'close',
            body: packed(frozen),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.write += out.ConsumedCapacity?.CapacityUnits ?? 0;
      return frozen;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return (await this.frozen(frozen.month)) as FrozenScores;
    }
  }

  async frozen(month: string): Promise<FrozenScores | undefined> {
    return this.closeItem<FrozenScores>(month, 'SCORES');
  }

  async saveBulletin(bulletin: Bulletin): Promise<void> {
    const out = await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...assessmentKeys.close(bulletin.month, 'BULLETIN'),
          entity: 'close',
          body: packed(bulletin),
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.consumed.write += out.ConsumedCapacity?.CapacityUnits ?? 0;
  }

  async bulletin(month: string): Promise<Bulletin | undefined> {
    return this.closeItem<Bulletin>(month, 'BULLETIN');
  }

  private async closeItem<T>(month: string, what: 'SCORES' | 'BULLETIN'): Promise<T | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: assessmentKeys.close(month, what),
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
    return out.Item ? unpacked<T>(out.Item.body) : undefined;
  }

  /**
   * Records sanctions with their basis, each its own item: the close's by unit and measure (a rerun
   * writes the same items again), a supervisor's by unit, measure and time.
   */
  async recordSanctions(rows: readonly StoredSanction[]): Promise<void> {
    await this.batchWrite(
      rows.map((row) => ({
        PutRequest: {
          Item: {
            pk: `SANCTION#${row.month}`,
            sk:
              row.source === 'close'
                ? `close#${row.unit}#${row.measure}`
                : `manual#${row.unit}#${row.measure}#${row.at}`,
            entity: 'sanction',
            ...row,
          },
        },
      })),
    );
  }

  /** The sanctions recorded for a month, the close's and the supervisors'. */
  async sanctions(month: string): Promise<StoredSanction[]> {
    const rows: StoredSanction[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `SANCTION#${month}` },
          ExclusiveStartKey: start,
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.consumed.read += out.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const i of out.Items ?? []) {
        rows.push({
          month: String(i.month),
          unit: String(i.unit),
          group: String(i.group),
          measure: i.measure as Measure,
          basis: String(i.basis),
          source: i.source as StoredSanction['source'],
          at: String(i.at),
          by: String(i.by),
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return rows;
  }
}
