import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ALLOWED_ACTIONS,
  authorize,
  isAllowed,
  ROLES,
  type Role,
  roleSchema,
} from '../../../functions/domain/access/index.ts';
import { type Action, commandSchema, commandSchemaFor } from '../../../functions/domain/ticket/index.ts';
import { actor, clerkOf, expectForbidden, scope, ticket } from './fixtures.ts';

const UNIT: Role[] = ['unitClerk', 'unitHead'];
const CENTRE_INTAKE: Role[] = ['agent', 'dispatcher'];

/**
 * The whole matrix, keyed by action. A new action in `commands.ts` fails to compile here (and fails
 * the run) until its roles are decided.
 */
const EXPECTED: Record<Action, readonly Role[]> = {
  register: ['agent'],
  verify: CENTRE_INTAKE,
  refuse: CENTRE_INTAKE,
  answerOnSpot: CENTRE_INTAKE,
  flagAbuse: CENTRE_INTAKE,
  dispatch: ['dispatcher'],
  redispatch: ['dispatcher', ...UNIT],
  decideReturn: ['dispatcher'],
  decideExtension: ['dispatcher'],
  setDeadline: ['dispatcher'],
  review: ['dispatcher'],
  reopen: ['dispatcher'],
  archive: ['dispatcher'],
  openSupervision: ['dispatcher', 'supervisor', 'system'],
  closeSupervision: ['dispatcher', 'supervisor'],
  sign: UNIT,
  recordContact: UNIT,
  requestReturn: UNIT,
  requestExtension: UNIT,
  submitPlan: UNIT,
  reportDisagreement: UNIT,
  informRequester: [...UNIT, 'dispatcher', 'callbackAgent'],
  signOff: ['unitHead'],
  reply: UNIT,
  informExtension: UNIT,
  recordInstruction: ['dispatcher', 'supervisor'],
  recordCoordination: ['dispatcher'],
  reportTask: ['dispatcher', ...UNIT],
  handOver: ['dispatcher'],
  escalate: ['supervisor', 'system'],
  remind: ['supervisor', 'system'],
  markOverdue: ['system'],
  closeReturnWindow: ['system'],
  fireTimer: ['system'],
  recomputeDeadlines: ['system'],
  mainCompleted: ['system'],
  mergeInto: ['dispatcher'],
  recordDuplicate: ['dispatcher', 'system'],
  unmerge: ['dispatcher'],
  recordCallback: ['callbackAgent'],
  orderRework: ['callbackAgent'],
  referToAssessment: ['callbackAgent'],
  recordAssessment: ['callbackAgent'],
};

const expectedFor = (role: Role, action: Action): boolean =>
  role === 'admin' || (EXPECTED[action]?.includes(role) ?? false);

const PAIRS = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action })));

describe('Command matrix', () => {
  it('covers every command action of the decider, and the expected table names each one', () => {
    const fromSchema = commandSchema.def.options.flatMap((o) => o.shape.action.def.values);
    expect([...ACTIONS].sort()).toEqual([...fromSchema].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...fromSchema].sort());
  });

  it("gives each action the schema of that action's command", () => {
    for (const action of ACTIONS) expect(commandSchemaFor(action).shape.action.def.values).toEqual([action]);
  });

  it('has a row for every role, with no action twice and no unknown action', () => {
    expect(Object.keys(ALLOWED_ACTIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      const row = ALLOWED_ACTIONS[role];
      expect(new Set(row).size, role).toBe(row.length);
      for (const a of row) expect(ACTIONS, `${role}: ${a}`).toContain(a);
    }
  });

  it.each(ROLES)('the %s row is exactly the expected set', (role) => {
    const expected = ACTIONS.filter((a) => expectedFor(role, a));
    expect([...ALLOWED_ACTIONS[role]].sort()).toEqual([...expected].sort());
  });

  it.each(PAIRS)('$role × $action', ({ role, action }) => {
    // A unit actor of the lead unit, so that only the matrix decides.
    const who = UNIT.includes(role) ? clerkOf('district-housing') : actor(role);
    const authorized = () => authorize({ ...who, role }, action, ticket(), scope);
    expect(isAllowed(role, action)).toBe(expectedFor(role, action));
    if (expectedFor(role, action)) expect(authorized).not.toThrow();
    else expectForbidden(authorized, 'role.notAllowed');
  });

  it('AH:35 the auditor only reads: no command at all', () => {
    expect(ALLOWED_ACTIONS.auditor).toEqual([]);
  });

  it('admin may issue every command', () => {
    expect([...ALLOWED_ACTIONS.admin].sort()).toEqual([...ACTIONS].sort());
  });

  it('AH:24; PDS:11 the head may do everything the clerk may, and sign off (the decider checks approval)', () => {
    expect([...ALLOWED_ACTIONS.unitHead].sort()).toEqual([...ALLOWED_ACTIONS.unitClerk, 'signOff'].sort());
  });

  it('roleSchema accepts the nine roles and nothing else', () => {
    expect(ROLES).toHaveLength(9);
    for (const r of ROLES) expect(roleSchema.parse(r)).toBe(r);
    expect(roleSchema.safeParse('mayor').success).toBe(false);
  });

  it('an actor naming no known role may do nothing (role.unknown)', () => {
    expectForbidden(() => authorize(actor('mayor'), 'register', null, scope), 'role.unknown');
  });
});
