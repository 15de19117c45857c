import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { TimerStarter } from '../app/start-timers.ts';

/**
 * Starts and stops ticket-timer executions in Step Functions. An execution's ARN follows from the
 * state machine's and its name, so stopping needs no lookup.
 */
export function stepFunctionsStarter(stateMachineArn: string, sfn = new SFNClient({})): TimerStarter {
  const executionArn = (name: string) =>
    `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    async start(name, input) {
      try {
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
