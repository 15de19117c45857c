import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ActionField,
  bodyOf,
  ROLE_ACTIONS,
  shanghaiInstant,
  tasksOf,
} from '../../../console/src/actions.ts';
import { fieldMessage, RULE_MESSAGES, ruleMessage } from '../../../console/src/refusals.ts';
import { ALLOWED_ACTIONS } from '../../../functions/domain/access/matrix.ts';
import type { Role } from '../../../functions/domain/access/roles.ts';
import { commandSchema } from '../../../functions/domain/ticket/command-schema.ts';

/** What a person might type in each kind of control. */
const SAMPLE: Record<ActionField['kind'], (field: ActionField) => string> = {
  text: () => '示例',
  textarea: () => '示例内容',
  select: (f) => f.options?.[0]?.[0] ?? 'ss-urban',
  boolean: () => 'on',
  workingDays: () => '3',
  list: () => 'ss-urban，ss-market',
  citation: () => 'kb-001',
  clock: () => 'handling-1',
  datetime: () => '2026-12-20T17:30',
  tasks: () => 'ss-urban 清理占道摊点\nss-market：规范经营秩序',
};

const forms = Object.entries(ROLE_ACTIONS).flatMap(([role, specs]) => specs.map((spec) => ({ role, spec })));

describe("The console's command forms", () => {
  it.each(forms.map((f) => [f.role, f.spec.action, f.spec] as const))(
    '%s / %s: a filled form gives a body the command schema accepts',
    (_role, action, spec) => {
      // Prepare
      const form = new FormData();
      for (const field of spec.fields) form.set(field.name, SAMPLE[field.kind](field));
      // Act
      const parsed = commandSchema.safeParse({ action, ...bodyOf(spec, form) });
      // Assess
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it.each(forms.map((f) => [f.role, f.spec.action] as const))(
    '%s is offered %s only where the access matrix allows it',
    (role, action) => {
      expect(ALLOWED_ACTIONS[role as Role]).toContain(action);
    },
  );

  it('offers the centre its merges, deadlines, hand-over, instructions and coordination, and the supervisor reminders', () => {
    const of = (role: string) => (ROLE_ACTIONS[role] ?? []).map((s) => s.action);
    expect(of('dispatcher')).toEqual(
      expect.arrayContaining([
        'mergeInto',
        'unmerge',
        'setDeadline',
        'handOver',
        'recordInstruction',
        'recordCoordination',
        'decideExtension',
        'decideReturn',
      ]),
    );
    expect(of('supervisor')).toEqual(expect.arrayContaining(['remind', 'closeSupervision', 'escalate']));
  });

  it('reads a date and time as Beijing time, and one task per line with its unit first', () => {
    expect(shanghaiInstant('2026-12-20T17:30')).toBe('2026-12-20T17:30:00+08:00');
    expect(tasksOf('ss-urban 清理 摊点\n\n ss-market：规范 ')).toEqual([
      { unitId: 'ss-urban', task: '清理 摊点' },
      { unitId: 'ss-market', task: '规范' },
    ]);
  });

  it('leaves an optional field out when it is blank, and nests dotted names', () => {
    const refuse = ROLE_ACTIONS.agent?.find((s) => s.action === 'refuse');
    if (!refuse) throw new Error('the agent has a refusal form');
    const form = new FormData();
    form.set('ground', 'emergency');
    form.set('explanation', '请拨打110');
    form.set('referral.body', '110');
    form.set('referral.contact', ' ');
    expect(bodyOf(refuse, form)).toEqual({
      ground: 'emergency',
      explanation: '请拨打110',
      referral: { body: '110' },
    });
  });
});

/** Every rule the back end names, read from its source: the ids given to refusals. */
function rulesInSource(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

describe('Refusals in Chinese', () => {
  const source = rulesInSource(join(import.meta.dirname, '../../../functions'));

  it.each(Object.keys(RULE_MESSAGES))('%s is a rule the API names', (rule) => {
    expect(source).toContain(`'${rule}'`);
  });

  it('says a command out of its status in Chinese, and leaves an unknown rule to the API detail', () => {
    expect(ruleMessage('sign.wrongStatus')).toMatch(/状态/);
    expect(ruleMessage('no.suchRule')).toBeUndefined();
    expect(ruleMessage(undefined)).toBeUndefined();
  });
});

describe('Field messages in Chinese', () => {
  // Prepare: bodies the API's own schemas refuse, each for a different reason
  const refused = [
    { action: 'reply' },
    { action: 'reply', summary: '   ' },
    { action: 'reply', summary: 'x'.repeat(4001) },
    { action: 'dispatch', leadUnit: 'ss-urban', level: 'planet' },
    { action: 'setDeadline', deadline: '2026-12-20T17:30' },
    { action: 'requestExtension', length: { workingDays: 0 }, reason: '原因' },
    { action: 'requestExtension', length: { workingDays: 2000 }, reason: '原因' },
    { action: 'requestExtension', length: {}, reason: '原因' },
    { action: 'recordCoordination', units: [], tasks: [] },
    { action: 'recordCallback', outcome: 'answered', satisfied: 'yes' },
  ];
  const messages = refused.flatMap((body) => commandSchema.safeParse(body).error?.issues ?? []);

  it.each(messages.map((i) => [i.message]))('"%s" reads in Chinese', (message) => {
    // Act
    const said = fieldMessage(message);
    // Assess: no English word left
    expect(said).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('keeps the numbers of a limit, and leaves a message it does not know as the API gave it', () => {
    expect(fieldMessage('Too big: expected string to have <=4000 characters')).toBe('不能超过 4000 个字');
    expect(fieldMessage('name the unit')).toBe('name the unit');
  });
});
