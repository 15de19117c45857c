import type { AssessmentRepository } from '../adapters/assessment-repository.ts';
import {
  addCounts,
  type Contribution,
  contributionsOf,
  type IndicatorCounts,
  monthIndex,
  monthOfIndex,
  UPKEEP_INDICATORS,
} from '../domain/assessment/index.ts';
import type { KnowledgeEvent } from '../domain/knowledge/events.ts';
import { upkeepMonth, upkeepOf } from '../domain/knowledge/upkeep.ts';
import { type CountRow, dailyCountsOf } from '../domain/reports/index.ts';
import { evolve, type Ticket, type TicketEvent } from '../domain/ticket/index.ts';
import { projectionMetricsOf, publishMetrics } from './assessment-metrics.ts';
import type { BusDetail } from './bus-detail.ts';

/** The bus delivered an event whose history is not all readable yet; the rule's retry tries again. */
export class HistoryIncompleteError extends Error {
  constructor(ticketId: string, seq: number, found: number) {
    super(`ticket ${ticketId}: event ${seq} delivered but only ${found} events are stored`);
    this.name = 'HistoryIncompleteError';
  }
}

/**
 * Projects one ticket event into the unit aggregates:
 * 1. read the ticket's events up to this one (the unit and the deadlines are those of that moment);
 *    a ticket's first event, which the bus carries whole, has nothing before it to read;
 * 2. work out what the event adds: to its unit's indicators (contributionsOf) and to the hotline's
 *    daily counts for the reports (dailyCountsOf);
 * 3. add it once (a redelivered or replayed event adds nothing).
 */
export async function projectEvent(
  repo: AssessmentRepository,
  detail: Pick<BusDetail, 'ticketId' | 'seq'> & { event?: BusDetail['event'] | undefined },
): Promise<'counted' | 'alreadyCounted' | 'nothingToCount'> {
  const history =
    detail.seq === 1 && detail.event
      ? [detail.event as unknown as TicketEvent]
      : await repo.historyUpTo(detail.ticketId, detail.seq);
  if (history.length < detail.seq)
    throw new HistoryIncompleteError(detail.ticketId, detail.seq, history.length);
  const before = history.slice(0, -1).reduce<Ticket | null>(evolve, null);
  const event = history[history.length - 1] as TicketEvent;
  const contributions = contributionsOf(before, event);
  const daily = dailyCountsOf(event, contributions);
  if (contributions.length === 0 && daily.length === 0) return 'nothingToCount';
  if (!(await repo.addOnce(detail.ticketId, detail.seq, contributions, daily))) return 'alreadyCounted';
  publishMetrics(projectionMetricsOf(contributions));
  return 'counted';
}

export interface RebuildProgress {
  /** Events read so far (the Scan's pages). */
  read: (events: number) => void;
  /** The number of tickets to fold, once known, then one call per ticket folded. */
  folding: (tickets: number) => void;
  folded: () => void;
  /** The months to write, once known, then one call per month written. */
  writing: (months: number) => void;
  written: () => void;
}

export interface RebuildResult {
  /** Ticket and knowledge-base events read. */
  events: number;
  knowledgeEvents: number;
  tickets: number;
  months: string[];
  units: number;
}

/**
 * Rebuilds the unit aggregates from the stored events:
 * 1. read every ticket and knowledge-base event (a Scan: an operator's command);
 * 2. fold each ticket's history in order, collecting what each event adds, from `from` on; add each
 *    knowledge-base event's upkeep counts to its owning unit (the knowledge base counts them as it
 *    stores them, so they carry no projection mark);
 * 3. replace the aggregates of every month from `from` (or the first with a count) to the last
 *    with a count, and mark the counted events, so that the live projection does not count them again.
 * Run it when nothing writes tickets: an event projected live during the rebuild may count twice.
 */
export async function rebuildAggregates(
  repo: AssessmentRepository,
  options: { from?: string | undefined; progress?: Partial<RebuildProgress> } = {},
): Promise<RebuildResult> {
  const progress = options.progress ?? {};
  const byTicket = new Map<string, { seq: number; event: TicketEvent }[]>();
  const knowledge: KnowledgeEvent[] = [];
  let read = 0;
  await repo.scanEvents((page, knowledgePage) => {
    for (const { ticketId, seq, event } of page) {
      const list = byTicket.get(ticketId) ?? [];
      list.push({ seq, event });
      byTicket.set(ticketId, list);
    }
    knowledge.push(...knowledgePage);
    read += page.length + knowledgePage.length;
    progress.read?.(read);
  });

  progress.folding?.(byTicket.size);
  const months = new Map<string, Map<string, IndicatorCounts>>();
  const dailyByMonth = new Map<string, Map<string, CountRow>>();
  const counted: { ticketId: string; seq: number }[] = [];
  const matterTickets: { categoryRegion: string; day: string; ticketId: string }[] = [];
  const add = (c: Contribution) => {
    const units = months.get(c.month) ?? new Map<string, IndicatorCounts>();
    units.set(c.unit, addCounts(units.get(c.unit) ?? {}, { [c.indicator]: 1 }));
    months.set(c.month, units);
  };
  const inRange = (month: string) => options.from === undefined || month >= options.from;
  for (const event of knowledge) {
    const month = upkeepMonth(event);
    if (!inRange(month)) continue;
    for (const count of upkeepOf(event)) {
      add({ unit: event.unitId, month, day: event.at.slice(0, 10), indicator: UPKEEP_INDICATORS[count] });
    }
  }
  for (const [ticketId, events] of byTicket) {
    events.sort((a, b) => a.seq - b.seq);
    let ticket: Ticket | null = null;
    for (const { seq, event } of events) {
      const contributions = contributionsOf(ticket, event).filter((c) => inRange(c.month));
      for (const c of contributions) add(c);
      const daily = dailyCountsOf(event, contributions).filter((d) => inRange(d.day.slice(0, 7)));
      for (const d of daily) {
        if (d.dimension === 'categoryRegion')
          matterTickets.push({ categoryRegion: d.value, day: d.day, ticketId });
        const month = d.day.slice(0, 7);
        const rows = dailyByMonth.get(month) ?? new Map<string, CountRow>();
        const id = `${d.day}#${d.dimension}#${d.value}`;
        const row = rows.get(id) ?? { at: d.day, dimension: d.dimension, value: d.value, n: 0 };
        row.n += 1;
        rows.set(id, row);
        dailyByMonth.set(month, rows);
      }
      if (contributions.length > 0 || daily.length > 0) counted.push({ ticketId, seq });
      ticket = evolve(ticket, event);
    }
    progress.folded?.();
  }

  const seen = [...new Set([...months.keys(), ...dailyByMonth.keys()])].sort();
  const first = options.from ?? seen[0];
  const last = seen[seen.length - 1];
  const span: string[] = [];
  if (first !== undefined && last !== undefined) {
    for (let i = monthIndex(first); i <= monthIndex(last); i += 1) span.push(monthOfIndex(i));
  }
  progress.writing?.(span.length);
  for (const month of span) {
    await repo.replaceMonth(month, months.get(month) ?? new Map());
    await repo.replaceCounts(month, [...(dailyByMonth.get(month)?.values() ?? [])]);
    progress.written?.();
  }
  await repo.markMatterTickets(matterTickets);
  await repo.markProjected(counted);
  const units = new Set([...months.values()].flatMap((u) => [...u.keys()]));
  return {
    events: read,
    knowledgeEvents: knowledge.length,
    tickets: byTicket.size,
    months: span,
    units: units.size,
  };
}
