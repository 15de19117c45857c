import { expect } from 'vitest';
import { ForbiddenError, type UnitScope } from '../../../functions/domain/access/index.ts';
import type { Actor, Assignment, Ticket } from '../../../functions/domain/ticket/index.ts';

/**
 * The unit tree of the tests:
 *
 *   city-housing ─┬─ district-housing ─┬─ street-a
 *                 │                    └─ street-b
 *                 └─ district-planning
 *   city-water ───── district-water
 */
const PARENT: Record<string, string> = {
  'district-housing': 'city-housing',
  'street-a': 'district-housing',
  'street-b': 'district-housing',
  'district-planning': 'city-housing',
  'district-water': 'city-water',
};

export const scope: UnitScope = {
  isWithin(unitId, ancestorUnitId) {
    for (let u: string | undefined = unitId; u !== undefined; u = PARENT[u]) {
      if (u === ancestorUnitId) return true;
    }
    return false;
  },
};

export const actor = (role: string, unitId?: string): Actor => ({ id: `${role}-1`, role, unitId });
export const clerkOf = (unitId: string): Actor => actor('unitClerk', unitId);
export const headOf = (unitId: string): Actor => actor('unitHead', unitId);

const ASSIGNMENT: Assignment = {
  leadUnit: 'district-housing',
  coUnits: ['district-water'],
  level: 'county',
  dispatchedAt: '2026-11-02T10:00:00+08:00',
  deemedAccepted: false,
};

/** A ticket in progress, led by district-housing with district-water as a co-unit. */
export function ticket(
  opts: { confidential?: boolean; assignment?: Assignment | null; anonymous?: boolean } = {},
): Ticket {
  const assignment = opts.assignment === null ? undefined : (opts.assignment ?? ASSIGNMENT);
  return {
    id: 'T-1',
    version: 2,
    status: assignment ? 'inProgress' : 'received',
    policy: { id: 'anhui-2021', version: 1 },
    channel: 'phone',
    type: 'complaint',
    category: 'housing',
    priority: 'ordinary',
    content: '小区电梯长期故障无人维修',
    requester: {
      name: '张三',
      phone: '13800138000',
      anonymous: opts.anonymous ?? false,
      confidential: opts.confidential ?? false,
    },
    receivedAt: '2026-11-02T09:00:00+08:00',
    verified: true,
    assignment,
    clocks: {},
    overdue: false,
    extensions: { granted: 0, requested: 0 },
    reworkCount: 0,
    callback: { attempts: [], judgedOnLaw: false },
    supervision: { open: [] },
    escalations: [],
    abuseFlagged: false,
    timersFired: [],
  };
}

/** Asserts that `fn` throws a ForbiddenError with this reason. */
export function expectForbidden(fn: () => unknown, reason: string): ForbiddenError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    expect((e as ForbiddenError).reason).toBe(reason);
    return e as ForbiddenError;
  }
  throw new Error(`expected ForbiddenError(${reason}), but nothing was thrown`);
}
