import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { MemoryReportStore } from '../../functions/adapters/report-store.ts';
import { changeTicket } from '../../functions/app/change-ticket.ts';
import { importEntries } from '../../functions/app/directory.ts';
import { channelSource, registerTicket } from '../../functions/app/intake.ts';
import { runTimerTask } from '../../functions/app/timers.ts';
import { DIRECTORY_KINDS } from '../../functions/domain/directory/index.ts';
import {
  type Actor,
  type CommandInput,
  commandSchema,
  dueTimers,
  type Ticket,
  type TicketEvent,
} from '../../functions/domain/ticket/index.ts';
import { createRuntime, type Runtime } from '../../functions/runtime/runtime.ts';
import { startLocalWorkflows } from '../../infra/local/workflows.ts';
import { freshTable } from '../integration/table.ts';

export const dispatcher: Actor = { id: 'dispatcher-li', role: 'dispatcher' };
export const clerk: Actor = { id: 'clerk-zhao', role: 'unitClerk', unitId: 'ss-urban' };
export const callbackAgent: Actor = { id: 'callback-wu', role: 'callbackAgent' };

/**
 * The event side of the system, wired as the local runtime wires it, on a fresh table in the run's
 * DynamoDB Local: the stream relay, the bus with the real rules, and the ticket-timer state machine
 * from workflows/ under aws-local-stepfunctions, on the virtual clock (pinned to `start`).
 */
export async function workflowHarness(policyId: string, start: string) {
  clock.pin(new Date(start));
  const table = await freshTable();
  const endpoint = inject('dynamodbEndpoint');
  const rt: Runtime = createRuntime({
    TABLE_NAME: table.tableName,
    POLICY_ID: policyId,
    REQUESTER_HASH_KEY: 'test-key',
    DYNAMODB_ENDPOINT: endpoint,
  });
  const demo = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../infra/local/demo-directory.json'), 'utf8'),
  );
  for (const kind of DIRECTORY_KINDS) await importEntries(rt.directory, kind, demo[kind] ?? []);
  const reportStore = new MemoryReportStore();
  const { runner, bus, relay, stop, monthlyClose, reportSchedules, assessment } = await startLocalWorkflows(
    rt,
    endpoint,
    {
      timerTask: (input) => runTimerTask(rt, input),
      reportStore,
    },
  );

  const load = async (id: string): Promise<Ticket> => {
    const stored = await rt.tickets.load(id);
    if (!stored) throw new Error(`no ticket ${id}`);
    return stored.ticket;
  };
  /** Waits until the relay has passed on every record written so far and the bus delivered it. */
  const drain = () => relay.caughtUp();
  const history = async (id: string): Promise<TicketEvent[]> => (await rt.tickets.events(id, 1000)).items;

  /** Waits until `check` holds, polling; fails with `what` after 20 s (real time). */
  const until = async <T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  return {
    rt,
    runner,
    bus,
    monthlyClose,
    reportSchedules,
    assessment,
    reportStore,
    started: runner.started,
    drain,
    load,
    history,
    until,
    async register(body: Partial<Parameters<typeof registerTicket>[2]> = {}) {
      const result = await registerTicket(rt, await channelSource(rt, 'web-portal'), {
        channel: 'web',
        type: 'complaint',
        category: 'street-vendors',
        regionId: 'shushan',
        content: '路口占道经营',
        requester: { name: '张三', phone: '13800138000', anonymous: false, confidential: false },
        ...body,
      });
      // Its count on the stream may open its supervision (AH:20(六)): act on the ticket after that.
      await drain();
      return result.id;
    },
    /** Gives a command at the current virtual time, on the ticket's current version. */
    async command(id: string, command: CommandInput, actor: Actor) {
      const changed = await changeTicket(rt, { ticketId: id, command: commandSchema.parse(command), actor });
      // What the change starts and stops on the stream (timers, counts) before the next step.
      await drain();
      return changed;
    },
    /**
     * Lets the relay pass on what was written (so the timers of new clocks are running), moves the
     * virtual clock to an instant, and waits until every timer due by then has fired.
     */
    async advanceTo(iso: string, id: string) {
      await drain();
      clock.advance(Math.max(0, Date.parse(iso) - clock.now().getTime()));
      await until(`timers of ${id} due by ${iso}`, async () => {
        const ticket = await load(id);
        return dueTimers(ticket, clock.now(), { policy: rt.policy, calendar: rt.calendar }).length === 0;
      });
    },
    stop,
  };
}

export type Harness = Awaited<ReturnType<typeof workflowHarness>>;
