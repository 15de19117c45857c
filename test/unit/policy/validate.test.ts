import { describe, expect, it } from 'vitest';
import {
  type PolicyInput,
  PolicyValidationError,
  parsePolicy,
  presetPolicy,
  validatePolicy,
} from '../../../functions/domain/policy/index.ts';

/** A valid policy to break one field at a time. */
function base(): PolicyInput {
  return structuredClone(presetPolicy('anhui-2021')) as PolicyInput;
}

function issuesOf(input: unknown) {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.issues;
}

describe('Policy validation', () => {
  it('names the field and the problem for a structural error', () => {
    // Prepare
    const p = base() as Record<string, unknown>;
    p.contact = { within: { workingDays: -1 }, basis: 'AH:15' };
    // Act
    const issues = issuesOf(p);
    // Assess
    expect(issues.some((i) => i.path.startsWith('contact.within'))).toBe(true);
  });

  it('refuses a field it does not know (a typo must not pass silently)', () => {
    const p = { ...base(), extention: {} };
    expect(issuesOf(p)[0]?.message).toMatch(/extention/);
  });

  it('refuses a reminder that would come before any limit starts', () => {
    const p = base();
    p.reminders = [{ before: { workingDays: 12 }, basis: 'test' }];
    expect(issuesOf(p)).toContainEqual({
      path: 'reminders.0.before',
      message: expect.stringMatching(/12 working days before the deadline/),
    });
  });

  it('refuses a reminder after the deadline (a negative offset)', () => {
    const p = base();
    p.reminders = [{ before: { hours: -2, mode: 'calendar' }, basis: 'test' }];
    expect(issuesOf(p).some((i) => i.path.startsWith('reminders.0.before'))).toBe(true);
  });

  it('refuses an extension cap longer than the first limit it may not exceed', () => {
    const p = base();
    p.extension.maxLength = { workingDays: 20 };
    expect(issuesOf(p)).toContainEqual({
      path: 'extension.maxLength',
      message: expect.stringMatching(/longer than any first limit/),
    });
  });

  it('refuses an extension window that closes before it opens', () => {
    const p = base();
    p.extension.noLaterThanBeforeDeadline = { workingDays: 3 };
    p.extension.noEarlierThanBeforeDeadline = { workingDays: 2 };
    expect(issuesOf(p).map((i) => i.path)).toContain('extension.noLaterThanBeforeDeadline');
  });

  it('refuses callback attempts that cannot fit in the callback window', () => {
    const p = base();
    p.callback.within = { hours: 4, mode: 'calendar' };
    p.callback.attempts = 3;
    expect(issuesOf(p).map((i) => i.path)).toContain('callback.minGapHours');
  });

  it('refuses an escalation ladder out of order', () => {
    const p = base();
    p.escalation = [
      { level: 'supervision', after: { hours: 0 }, basis: 'x' },
      { level: 'centreLeader', after: { workingDays: 5 }, basis: 'x' },
      { level: 'inspectionOffice', after: { workingDays: 2 }, basis: 'x' },
    ];
    expect(issuesOf(p).map((i) => i.path)).toContain('escalation.2.after');
  });

  it('refuses handling rules without a catch-all, or naming unknown types and classes', () => {
    const p = base();
    p.handling = [
      { when: { types: ['consultaton'], classes: ['Z'] }, limit: { workingDays: 3 }, basis: 'x' },
    ];
    const paths = issuesOf(p).map((i) => `${i.path}: ${i.message}`);
    expect(paths).toContain('handling.0.when.types: unknown request type "consultaton"');
    expect(paths).toContain('handling.0.when.classes: unknown class "Z"');
    expect(
      paths.some((x) => x.startsWith('handling.0: the last handling rule must match every ticket')),
    ).toBe(true);
  });

  it('requires the five built-in request types', () => {
    const p = base();
    p.requestTypes = p.requestTypes.filter((t) => t.id !== 'report');
    expect(issuesOf(p)).toContainEqual({
      path: 'requestTypes',
      message: 'the built-in request type "report" is missing',
    });
  });

  it('refuses sanctions where a public statement needs fewer interviews than the secretary-general interview', () => {
    const p = structuredClone(presetPolicy('pingdingshan-2022')) as PolicyInput;
    p.ranking.publicStatement = { consecutive: 1, inYear: 2 };
    expect(issuesOf(p).map((i) => i.path)).toContain('ranking.publicStatement');
  });

  it('parsePolicy throws an error listing every issue', () => {
    const p = base();
    p.reminders = [{ before: { workingDays: 30 }, basis: 'x' }];
    expect(() => parsePolicy(p)).toThrow(PolicyValidationError);
    expect(() => parsePolicy(p)).toThrow(/reminders\.0\.before/);
  });
});
