import { StateMachine } from 'aws-local-stepfunctions';
import { clock } from '../../functions/adapters/clock.ts';
import { type CloseDeps, runCloseStep } from '../../functions/app/monthly-close.ts';
import { nextMonth } from '../../functions/domain/assessment/index.ts';
import { toShanghaiIso } from '../../functions/domain/calendar/index.ts';
import { ASSESSMENT_STATE_MACHINES } from '../../workflows/rules.ts';
import { loadDefinition } from './timer-runner.ts';

const LOCAL_CLOSE_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:hotline-local-monthly-close';
const STEPS = ['ResolveMonth', 'FreezeScores', 'ApplySanctions', 'PublishBulletin'] as const;

/** The next 00:00 Asia/Shanghai on a 1st after `now`: when the schedule starts the close. */
export function nextCloseTime(now: Date): Date {
  const month = toShanghaiIso(now).slice(0, 7);
  return new Date(`${nextMonth(month)}-01T00:00:00+08:00`);
}

/**
 * The monthly close locally: workflows/monthly-close.asl.json, unchanged, under
 * aws-local-stepfunctions, its task states calling the same steps as the Lambda; and the schedule
 * (00:00 Asia/Shanghai on the 1st) on the virtual clock, so that moving the clock past a month's
 * end closes it.
 */
export class LocalMonthlyClose {
  private readonly machine = new StateMachine(
    loadDefinition(ASSESSMENT_STATE_MACHINES.monthlyClose.file, { CloseFunctionArn: LOCAL_CLOSE_ARN }),
  );
  private readonly stopping = new AbortController();
  /** Months closed, in order, with each execution's output. */
  readonly closed: { month: string; output: unknown }[] = [];
  failures = 0;
  transitions = 0;

  constructor(private readonly deps: CloseDeps) {}

  /** Runs one execution, as a schedule or an operator starts it. */
  async run(input: { time: string } | { month: string }): Promise<unknown> {
    const step = async (payload: unknown) => runCloseStep(this.deps, payload) as never;
    const execution = this.machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(STEPS.map((name) => [name, step])),
        retryIntervalOverrides: Object.fromEntries(STEPS.map((name) => [name, 100])),
      },
    });
    void (async () => {
      for await (const log of execution.eventLogs) if (log.type === 'StateEntered') this.transitions += 1;
    })().catch(() => {});
    const output = (await execution.result) as { month: string };
    this.closed.push({ month: output.month, output });
    return output;
  }

  /** Starts the schedule: sleeps on the virtual clock until each 1st, 00:00, and closes the month before. */
  start(): void {
    void (async () => {
      // Each 1st in turn, so that a clock moved on by two months closes both.
      for (let at = nextCloseTime(clock.now()); !this.stopping.signal.aborted; at = nextCloseTime(at)) {
        await clock.sleepUntil(at, this.stopping.signal);
        try {
          await this.run({ time: at.toISOString() });
        } catch (error) {
          this.failures += 1;
          console.error(`monthly close at ${at.toISOString()} failed: ${(error as Error).message}`);
        }
      }
    })().catch(() => {});
  }

  stop(): void {
    this.stopping.abort(new Error('stopped'));
  }
}
