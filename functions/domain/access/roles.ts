import { z } from '../zod.ts';

/**
 * Who works on tickets. The centre's roles see the whole hotline; the unit roles see only the tickets
 * of their own unit and the units under it (see `scope.ts`).
 */
export const ROLES = [
  'agent', // hotline call-taker 话务员: registers, verifies, refuses, answers on the spot
  'dispatcher', // centre dispatcher 派单员: dispatches, decides returns and extensions, reviews replies
  'unitClerk', // 承办单位经办人: handles the ticket for the responsible unit
  'unitHead', // 承办单位负责人/分管领导: signs off replies and approves returns (AH:24; PDS:11)
  'supervisor', // 督办: reminders, supervision, escalation (AH:20-21; TN:14; PDS:24)
  'callbackAgent', // 回访员: callbacks, rework, third-party assessment (PDS:16-18; AH:25)
  'admin',
  'auditor', // read-only (AH:35)
  'system', // the workflows: timers, overdue, escalation
] as const;

export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

/** Roles of a responsible unit (承办单位), bound to the actor's `unitId`. */
export const UNIT_ROLES = ['unitClerk', 'unitHead'] as const satisfies readonly Role[];
export type UnitRole = (typeof UNIT_ROLES)[number];

export function isUnitRole(role: Role): role is UnitRole {
  return (UNIT_ROLES as readonly Role[]).includes(role);
}

/** The role named by an actor, or undefined when it is not one of `ROLES`. */
export function parseRole(role: string): Role | undefined {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? parsed.data : undefined;
}
