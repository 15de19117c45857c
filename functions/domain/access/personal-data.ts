import type { Actor, Requester, Ticket } from '../ticket/index.ts';
import { isUnitRole, parseRole, type Role } from './roles.ts';
import { type UnitScope, unitStanding } from './scope.ts';

/** How much of the requester's name and phone an actor sees (TN:20; AH:34). */
export type PersonalDataView = 'full' | 'masked' | 'hidden';

/** Centre roles that reach the requester (intake, callback) or answer for the data (admin, audit). */
const FULL_VIEW_ROLES: readonly Role[] = ['agent', 'dispatcher', 'callbackAgent', 'admin', 'auditor'];

/**
 * The view of the requester's personal data `actor` gets on `ticket`:
 * - the centre's agents, dispatchers, callback agents, admins and auditors: full;
 * - supervisors and the workflows: masked;
 * - the lead unit (its own unit or a unit above it): full, so that it can contact the requester
 *   (AH:15), unless the requester is confidential: hidden, since a complaint or tip-off is never
 *   shown to the body it is about (TN:20; AH:34);
 * - a co-unit, which only reads and does not contact the requester: masked, or hidden when the
 *   requester is confidential;
 * - anyone who may not read the ticket, or names no known role: hidden.
 */
export function personalDataView(actor: Actor, ticket: Ticket, scope: UnitScope): PersonalDataView {
  const role = parseRole(actor.role);
  if (!role) return 'hidden';
  if (!isUnitRole(role)) return FULL_VIEW_ROLES.includes(role) ? 'full' : 'masked';
  const standing = unitStanding(actor, ticket, scope);
  if (standing === 'none' || ticket.requester.confidential) return 'hidden';
  return standing === 'lead' ? 'full' : 'masked';
}

/** Every read of full personal data is recorded: who looked at whose data, when (AH:34-35). */
export function needsAudit(view: PersonalDataView): boolean {
  return view === 'full';
}

/**
 * A phone number with its middle hidden: the first 3 and last 4 characters stay
 * (`13800138000` → `138****8000`); a number of 7 characters or fewer keeps only its last 2.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.trim());
  if (chars.length <= 7) {
    const keep = Math.min(2, Math.max(chars.length - 1, 0));
    return '*'.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
  }
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/** A name with all but its first character hidden (`张三` → `张*`); a one-character name is `*`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * The requester as `view` shows it: name and phone in full, masked, or removed. The `anonymous` and
 * `confidential` flags are always kept, so that the reader knows why something is missing.
 */
export function viewRequester(requester: Requester, view: PersonalDataView): Requester {
  const { name, phone, anonymous, confidential } = requester;
  switch (view) {
    case 'full':
      return { ...requester };
    case 'masked':
      return {
        ...(name === undefined ? {} : { name: maskName(name) }),
        ...(phone === undefined ? {} : { phone: maskPhone(phone) }),
        anonymous,
        confidential,
      };
    case 'hidden':
      return { anonymous, confidential };
  }
}
