import { describe, expect, it } from 'vitest';
import { authorize, canRead, personalDataView } from '../../../functions/domain/access/index.ts';
import type { Ticket } from '../../../functions/domain/ticket/index.ts';
import { actor, clerkOf, expectForbidden, headOf, scope, ticket } from './fixtures.ts';

/** A tip-off about district-housing, led by its superior city-housing. */
function tipOff(): Ticket {
  const t = ticket({
    assignment: {
      leadUnit: 'city-housing',
      coUnits: [],
      level: 'city',
      dispatchedAt: '2026-11-02T10:00:00+08:00',
      deemedAccepted: false,
    },
  });
  return { ...t, subject: { unitId: 'district-housing', person: '某科长' } };
}

describe('Tip-offs about a unit (TN:20; AH:34)', () => {
  it('TN:20 the unit a tip-off is about, and the units under it, never read it', () => {
    // Prepare
    const t = tipOff();

    // Act / Assess
    expect(canRead(headOf('district-housing'), t, scope)).toBe(false);
    expect(canRead(clerkOf('street-a'), t, scope)).toBe(false);
    expect(canRead(headOf('city-housing'), t, scope)).toBe(true);
  });

  it('AH:34 the requester is hidden from the subject, whatever the confidential flag says', () => {
    const t = tipOff();
    expect(t.requester.confidential).toBe(false);
    expect(personalDataView(headOf('district-housing'), t, scope)).toBe('hidden');
    expect(personalDataView(headOf('city-housing'), t, scope)).toBe('full');
  });

  it('TN:20 the subject may not act on it (unit.outOfScope)', () => {
    expectForbidden(() => authorize(headOf('district-housing'), 'sign', tipOff(), scope), 'unit.outOfScope');
  });

  it('TN:20 the centre may not dispatch it to the subject or a unit under it (tipoff.subjectUnit)', () => {
    // Prepare
    const t = { ...tipOff(), assignment: undefined, status: 'received' as const };
    const dispatchTo = (leadUnit: string, coUnits: string[] = []) =>
      authorize(actor('dispatcher'), { action: 'dispatch', leadUnit, coUnits, level: 'county' }, t, scope);

    // Act / Assess
    expectForbidden(() => dispatchTo('district-housing'), 'tipoff.subjectUnit');
    expectForbidden(() => dispatchTo('street-b'), 'tipoff.subjectUnit');
    expectForbidden(() => dispatchTo('city-water', ['street-a']), 'tipoff.subjectUnit');
    expect(() => dispatchTo('city-housing')).not.toThrow();
  });

  it('TN:20 a unit hands it down only outside the subject (tipoff.subjectUnit)', () => {
    expectForbidden(
      () =>
        authorize(
          headOf('city-housing'),
          { action: 'redispatch', toUnit: 'street-a', level: 'township', reason: '属街道' },
          tipOff(),
          scope,
        ),
      'tipoff.subjectUnit',
    );
  });
});

describe('Coordination meetings (会办, TN:12(四))', () => {
  it('TN:12(四) a unit given a task reads the ticket and reports its own task, and nothing else', () => {
    // Prepare
    const t: Ticket = {
      ...ticket(),
      coordination: {
        at: '2026-11-03T10:00:00+08:00',
        units: ['district-planning'],
        tasks: [{ unitId: 'district-planning', task: '核查规划' }],
      },
    };
    const report = { action: 'reportTask', unitId: 'district-planning', result: '已核查' } as const;

    // Act / Assess
    expect(canRead(clerkOf('district-planning'), t, scope)).toBe(true);
    expect(() => authorize(clerkOf('district-planning'), report, t, scope)).not.toThrow();
    expectForbidden(() => authorize(clerkOf('district-planning'), 'reply', t, scope), 'unit.coUnitReadOnly');
  });
});
