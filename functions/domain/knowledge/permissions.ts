import { ForbiddenError } from '../access/errors.ts';
import type { Actor } from '../ticket/index.ts';
import type { KnowledgeAction } from './commands.ts';

/**
 * Who may do what to an entry (AH:30 "谁提供、谁维护、谁更新"): the owning unit's staff draft,
 * update, review and answer corrections; the centre checks (多方校核), publishes and retires;
 * anyone who meets an entry (an agent on the line, a citizen) may report it wrong.
 */
const UNIT_ACTIONS: readonly KnowledgeAction[] = ['draft', 'revise', 'submit', 'review', 'answerCorrection'];
const CENTRE: Partial<Record<KnowledgeAction, readonly string[]>> = {
  import: ['admin'],
  check: ['dispatcher', 'supervisor', 'admin'],
  publish: ['supervisor', 'admin'],
  retire: ['supervisor', 'admin'],
  markStale: ['system'],
  remindReview: ['system'],
  markCorrectionOverdue: ['system'],
  reportCorrection: ['agent', 'dispatcher', 'supervisor', 'callbackAgent', 'admin', 'citizen'],
};
const UNIT_ROLES = ['unitClerk', 'unitHead'];

export function ensureAllowed(action: KnowledgeAction, actor: Actor, owningUnit: string): void {
  if (UNIT_ACTIONS.includes(action)) {
    if (actor.role === 'admin') return;
    if (UNIT_ROLES.includes(actor.role) && actor.unitId === owningUnit) return;
    throw new ForbiddenError(
      'knowledge.ownerOnly',
      `only the owning unit (${owningUnit}) keeps this entry: "谁提供、谁维护、谁更新"`,
      'AH:30',
    );
  }
  if (!CENTRE[action]?.includes(actor.role)) {
    throw new ForbiddenError(
      'knowledge.centreOnly',
      `the role ${actor.role} may not ${action} an entry; the centre checks and publishes`,
      'AH:29-30',
    );
  }
}
