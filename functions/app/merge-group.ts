import type { Command, Ticket } from '../domain/ticket/index.ts';
import type { BusDetail } from './bus-detail.ts';
import { changeUnlessSettled } from './change-ticket.ts';
import type { AppContext } from './context.ts';
import { TicketNotFoundError } from './errors.ts';
import { WORKFLOW_ACTOR } from './timers.ts';

/** Statuses of a main ticket whose result is known: a duplicate merged into it gets it at once. */
const RESULT_KNOWN = new Set<Ticket['status']>(['completed', 'evaluated', 'archived']);

/** Refusals that mean the other ticket has moved on already (a redelivered event, a manual record). */
const SETTLED = new Set(['merge.unchanged', 'mainCompleted.wrongStatus', 'recordDuplicate.wrongStatus']);

export type MergeGroupOutcome = { ticketId: string; action: Command['action']; outcome: 'done' | 'settled' };

/**
 * Keeps a merge group (并单, 2025 national guidance on 12345 hotlines) together, through the decider:
 * - a duplicate merged into a main ticket is recorded on the main (or, when the main's result is
 *   known already, gets that result at once); an unmerge takes it off the main's list;
 * - when the main ticket is completed, each duplicate gets its result: its requester is told and
 *   their own callback clock starts (`mainCompleted`).
 * The bus brings it the events of workflows/rules.ts's MERGE_GROUP_EVENT_TYPES.
 * Idempotent: a redelivered event finds the other ticket moved on, and nothing happens.
 */
export async function followMergeGroup(rt: AppContext, detail: BusDetail): Promise<MergeGroupOutcome[]> {
  const mainTicketId = typeof detail.event.mainTicketId === 'string' ? detail.event.mainTicketId : undefined;
  if (detail.type === 'TicketMerged' && mainTicketId) {
    const main = (await rt.tickets.load(mainTicketId))?.ticket;
    if (!main) throw new TicketNotFoundError(mainTicketId);
    const result = resultOf(main);
    if (RESULT_KNOWN.has(main.status) && result)
      return [await command(rt, detail.ticketId, { action: 'mainCompleted', summary: result })];
    return [
      await command(rt, mainTicketId, { action: 'recordDuplicate', ticketId: detail.ticketId, merged: true }),
    ];
  }
  if (detail.type === 'TicketUnmerged' && mainTicketId) {
    return [
      await command(rt, mainTicketId, {
        action: 'recordDuplicate',
        ticketId: detail.ticketId,
        merged: false,
      }),
    ];
  }
  // The main ticket is completed: its duplicates, if it has any, get its result.
  const main = (await rt.tickets.load(detail.ticketId))?.ticket;
  const result = main && resultOf(main);
  if (!main?.duplicates?.length || !result) return [];
  const outcomes: MergeGroupOutcome[] = [];
  for (const duplicate of main.duplicates)
    outcomes.push(await command(rt, duplicate, { action: 'mainCompleted', summary: result }));
  return outcomes;
}

/** What the main ticket's requester was told: the approved reply, or the answer given on the spot. */
function resultOf(main: Ticket): string | undefined {
  return main.reply?.summary ?? main.answer?.text;
}

/** One command on another ticket of the group, read again and retried when it moved meanwhile. */
async function command(rt: AppContext, ticketId: string, cmd: Command): Promise<MergeGroupOutcome> {
  const change = await changeUnlessSettled(rt, { ticketId, command: cmd, actor: WORKFLOW_ACTOR }, SETTLED);
  return { ticketId, action: cmd.action, outcome: 'settled' in change ? 'settled' : 'done' };
}
