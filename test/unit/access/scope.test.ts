import { describe, expect, it } from 'vitest';
import { authorize, canRead, unitStanding } from '../../../functions/domain/access/index.ts';
import type { Command } from '../../../functions/domain/ticket/index.ts';
import { actor, clerkOf, expectForbidden, headOf, scope, ticket } from './fixtures.ts';

const redispatchTo = (toUnit: string): Command => ({
  action: 'redispatch',
  toUnit,
  level: 'township',
  reason: '属街道职责',
});

describe('Unit scope: a unit acts on the tickets it leads (AH:14; TN:17)', () => {
  it('AH:14 the lead unit acts on its ticket', () => {
    for (const action of ['sign', 'recordContact', 'reply', 'reportDisagreement'] as const) {
      expect(() => authorize(clerkOf('district-housing'), action, ticket(), scope)).not.toThrow();
      expect(() => authorize(headOf('district-housing'), action, ticket(), scope)).not.toThrow();
    }
    expect(canRead(clerkOf('district-housing'), ticket(), scope)).toBe(true);
    expect(unitStanding(clerkOf('district-housing'), ticket(), scope)).toBe('lead');
  });

  it('CZ:一(二)3 a unit above the lead unit acts on the tickets of the units under it', () => {
    expect(() => authorize(headOf('city-housing'), 'requestExtension', ticket(), scope)).not.toThrow();
    expect(canRead(headOf('city-housing'), ticket(), scope)).toBe(true);
  });

  it('a unit under the lead unit neither acts nor reads (unit.outOfScope)', () => {
    expectForbidden(() => authorize(clerkOf('street-a'), 'sign', ticket(), scope), 'unit.outOfScope');
    expect(canRead(clerkOf('street-a'), ticket(), scope)).toBe(false);
  });

  it('a sibling of the lead unit neither acts nor reads (unit.outOfScope)', () => {
    expectForbidden(
      () => authorize(clerkOf('district-planning'), 'reply', ticket(), scope),
      'unit.outOfScope',
    );
    expect(canRead(clerkOf('district-planning'), ticket(), scope)).toBe(false);
  });

  it('PDS:12 a co-unit reads the ticket but does not act, not even to report a disagreement', () => {
    const coUnit = clerkOf('district-water');
    expect(canRead(coUnit, ticket(), scope)).toBe(true);
    expect(unitStanding(coUnit, ticket(), scope)).toBe('coUnit');
    for (const action of ['reportDisagreement', 'reply', 'sign', 'requestReturn'] as const) {
      const e = expectForbidden(() => authorize(coUnit, action, ticket(), scope), 'unit.coUnitReadOnly');
      expect(e.basis).toContain('PDS:12');
    }
  });

  it('PDS:12 a unit above a co-unit reads the ticket, read-only', () => {
    expect(canRead(headOf('city-water'), ticket(), scope)).toBe(true);
    expectForbidden(() => authorize(headOf('city-water'), 'reply', ticket(), scope), 'unit.coUnitReadOnly');
  });

  it('a unit role with no unit may do nothing and read nothing (unit.missing)', () => {
    expectForbidden(() => authorize(actor('unitClerk'), 'sign', ticket(), scope), 'unit.missing');
    expectForbidden(() => authorize(actor('unitHead'), 'reply', ticket(), scope), 'unit.missing');
    expect(canRead(actor('unitClerk'), ticket(), scope)).toBe(false);
  });

  it('a ticket not dispatched belongs to no unit (unit.outOfScope)', () => {
    const received = ticket({ assignment: null });
    expectForbidden(() => authorize(clerkOf('district-housing'), 'sign', received, scope), 'unit.outOfScope');
    expectForbidden(() => authorize(clerkOf('district-housing'), 'sign', null, scope), 'unit.outOfScope');
    expect(canRead(clerkOf('district-housing'), received, scope)).toBe(false);
  });

  it('the role is checked before the unit: a lead unit may not dispatch (role.notAllowed)', () => {
    expectForbidden(
      () => authorize(headOf('district-housing'), 'dispatch', ticket(), scope),
      'role.notAllowed',
    );
    expectForbidden(() => authorize(actor('unitClerk'), 'review', ticket(), scope), 'role.notAllowed');
  });

  it('centre roles are not bound to a unit: they read every ticket', () => {
    for (const role of ['agent', 'dispatcher', 'supervisor', 'callbackAgent', 'admin', 'auditor', 'system']) {
      expect(canRead(actor(role), ticket(), scope), role).toBe(true);
      expect(canRead(actor(role), ticket({ assignment: null }), scope), role).toBe(true);
    }
    expect(() => authorize(actor('dispatcher'), 'review', ticket(), scope)).not.toThrow();
    expect(() => authorize(actor('agent'), 'register', null, scope)).not.toThrow();
  });

  it('an unknown role reads nothing', () => {
    expect(canRead(actor('mayor'), ticket(), scope)).toBe(false);
  });
});

describe('Tiered re-dispatch: a unit hands a ticket down to a unit under it (CZ:一(二)3; PDS:5)', () => {
  it('CZ:一(二)3 the lead unit hands the ticket to a street under it', () => {
    expect(() =>
      authorize(clerkOf('district-housing'), redispatchTo('street-a'), ticket(), scope),
    ).not.toThrow();
    expect(() =>
      authorize(headOf('city-housing'), redispatchTo('district-planning'), ticket(), scope),
    ).not.toThrow();
  });

  it('PDS:5 not sideways, up, or to itself (unit.targetOutOfScope)', () => {
    const lead = clerkOf('district-housing');
    for (const to of ['district-planning', 'city-housing', 'district-housing', 'district-water']) {
      expectForbidden(() => authorize(lead, redispatchTo(to), ticket(), scope), 'unit.targetOutOfScope');
    }
  });

  it('a co-unit may not hand the ticket on, even under itself', () => {
    expectForbidden(
      () => authorize(clerkOf('city-water'), redispatchTo('district-water'), ticket(), scope),
      'unit.coUnitReadOnly',
    );
  });

  it('the centre re-dispatches anywhere', () => {
    expect(() =>
      authorize(actor('dispatcher'), redispatchTo('district-water'), ticket(), scope),
    ).not.toThrow();
  });
});
