import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_STATE_MACHINES, CALENDAR_STATE_MACHINES, STATE_MACHINES } from '../../workflows/rules.ts';

const WORKFLOWS = join(import.meta.dirname, '../../workflows');
const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.asl.json'));

describe('Workflow definitions', () => {
  it('lists every ASL file in workflows/rules.ts', () => {
    expect(files.sort()).toEqual(
      [
        ...Object.values(STATE_MACHINES),
        ...Object.values(ASSESSMENT_STATE_MACHINES),
        ...Object.values(CALENDAR_STATE_MACHINES),
      ]
        .map((m) => m.file)
        .sort(),
    );
  });

  it.each(files)('%s is valid Amazon States Language', (file) => {
    // The Lambda ARN placeholder is filled as CDK fills it; asl-validator mutates its input, so it gets a copy.
    const text = readFileSync(join(WORKFLOWS, file), 'utf8').replace(
      /\$\{(\w+)FunctionArn\}/g,
      (_, name: string) => `arn:aws:lambda:us-east-1:123456789012:function:hotline-${name.toLowerCase()}`,
    );
    const { isValid, errorsText } = aslValidator(structuredClone(JSON.parse(text)));
    expect(isValid, errorsText()).toBe(true);
  });

  it.each(files)(
    '%s uses only what the local emulator runs (JSONPath, Lambda tasks, Wait, Choice)',
    (file) => {
      const definition = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8'));
      expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
      for (const state of Object.values(definition.States) as { Type: string; Resource?: string }[]) {
        expect(['Task', 'Wait', 'Choice', 'Succeed', 'Fail', 'Pass', 'Map']).toContain(state.Type);
        if (state.Type === 'Task') expect(state.Resource).toMatch(/^\$\{\w+FunctionArn\}$/);
      }
    },
  );
});
