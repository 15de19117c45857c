import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { TimerStarter } from '../app/start-timers.ts';

/** The state machine of each kind of run: a clock group's loop, or the one-timer callback retry. */
export interface TimerStateMachines {
  clock: string;
  callbackRetry: string;
}

/**
 * Starts and stops timer executions in Step Functions. An execution's ARN follows from the state
 * machine's and its name, so stopping needs no lookup; only clock runs are ever stopped.
 */
export function stepFunctionsStarter(arns: TimerStateMachines, sfn = new SFNClient({})): TimerStarter {
  const executionArn = (name: string) => `${arns.clock.replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    async start(name, input) {
      try {
        const stateMachineArn = arns[input.purpose];
        await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return 'started';
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) return 'exists';
        throw error;
      }
    },
    async stop(name) {
      try {
        await sfn.send(
          new StopExecutionCommand({ executionArn: executionArn(name), cause: 'its clocks ended' }),
        );
      } catch (error) {
        // Never started, or already finished: nothing to stop.
        if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
      }
    },
  };
}
