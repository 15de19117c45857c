import { describe, expect, it } from 'vitest';
import {
  handlingRuleFor,
  PRESETS,
  presetPolicy,
  receiptLimits,
  UnknownPolicyError,
  validatePolicy,
} from '../../../functions/domain/policy/index.ts';

const PRESET_IDS = ['anhui-2021', 'pingdingshan-2022', 'changzhou-2016', 'tianning-2013', 'jinzhou-2023'];

describe('Policy presets', () => {
  it('offers one validated preset per regulation', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...PRESET_IDS].sort());
    for (const id of PRESET_IDS) expect(validatePolicy(PRESETS[id])).toMatchObject({ ok: true });
  });

  it('refuses an unknown preset with the list of known ones', () => {
    expect(() => presetPolicy('nowhere-2030')).toThrow(UnknownPolicyError);
    expect(() => presetPolicy('nowhere-2030')).toThrow(/anhui-2021/);
  });

  it('cites an article or a stated default for every rule', () => {
    for (const policy of Object.values(PRESETS)) {
      for (const rule of policy.handling) expect(rule.basis).toMatch(/[A-Z]+:|default/);
      expect(policy.extension.basis).toMatch(/[A-Z]+:|default/);
      expect(policy.callback.basis).toMatch(/[A-Z]+:|default/);
    }
  });

  describe('anhui-2021', () => {
    const p = presetPolicy('anhui-2021');
    it('AH:17 gives consultations 3 working days and everything else 10', () => {
      expect(handlingRuleFor(p, { type: 'consultation', channel: 'phone' }).limit).toEqual({
        workingDays: 3,
      });
      expect(handlingRuleFor(p, { type: 'complaint', channel: 'web' }).limit).toEqual({ workingDays: 10 });
    });
    it('AH:18 allows 2 extensions, none longer than the first limit', () => {
      expect(p.extension).toMatchObject({ maxCount: 2, notLongerThanFirstLimit: true });
    });
    it('AH:15 and AH:16: contact within 1 working day, return within 2', () => {
      expect(p.contact?.within).toEqual({ workingDays: 1 });
      expect(p.returns).toMatchObject({ within: { workingDays: 2 }, deemedAcceptedAfterWindow: true });
    });
    it('AH:20(六): 3 repeats or 5 people open supervision', () => {
      expect(p.supervision).toMatchObject({ repeatCount: 3, concentrationCount: 5 });
    });
  });

  describe('pingdingshan-2022', () => {
    const p = presetPolicy('pingdingshan-2022');
    it('PDS:8 limits classes A (4 hours), B (5 working days), C (plan in 5) and D (immediate)', () => {
      const limit = (classId: string) =>
        handlingRuleFor(p, { type: 'complaint', classId, channel: 'phone' }).limit;
      expect(limit('A')).toEqual({ hours: 4, mode: 'calendar' });
      expect(limit('B')).toEqual({ workingDays: 5 });
      expect(limit('C')).toEqual({ centreSets: true, plan: { workingDays: 5 } });
      expect(limit('D')).toEqual({ immediate: true, within: { hours: 24, mode: 'calendar' } });
    });
    it("PDS:14 the mayor's mailbox's written reply replaces class B's limit and runs beside A, C and D", () => {
      const clocks = (classId: string) =>
        receiptLimits(p, { type: 'complaint', classId, channel: 'mayorMailbox' }).clocks.map((c) => [
          c.kind,
          c.basis,
        ]);
      expect(clocks('B')).toEqual([['handling', 'PDS:14']]);
      expect(clocks('A')).toEqual([
        ['handling', 'PDS:8 A'],
        ['writtenReply', 'PDS:14'],
      ]);
      expect(clocks('C')).toEqual([
        ['plan', 'PDS:8 C'],
        ['writtenReply', 'PDS:14'],
      ]);
      expect(clocks('D')).toEqual([
        ['handling', 'PDS:8 D; 24 hours default'],
        ['writtenReply', 'PDS:14'],
      ]);
    });
    it("PDS:14 the other reading (replaces: every) gives every class the written reply's limit", () => {
      const every = {
        ...p,
        writtenReply: {
          ...(p.writtenReply as NonNullable<typeof p.writtenReply>),
          replaces: 'every' as const,
        },
      };
      const limits = receiptLimits(every, { type: 'complaint', classId: 'D', channel: 'mayorMailbox' });
      expect(limits.clocks).toEqual([
        expect.objectContaining({ kind: 'handling', duration: { workingDays: 10 } }),
      ]);
    });
    it('PDS:9 allows one extension, for classes B and C', () => {
      expect(p.extension).toMatchObject({ maxCount: 1, classes: ['B', 'C'] });
    });
    it('PDS:11 returns within 24 hours with the deputy head approving', () => {
      expect(p.returns).toMatchObject({
        within: { hours: 24, mode: 'calendar' },
        needsUnitHeadApproval: true,
      });
    });
    it('PDS:16-17: callback within 2 working days, 2 calls 3 hours apart, then deemed satisfied', () => {
      expect(p.callback).toMatchObject({
        within: { workingDays: 2 },
        attempts: 2,
        minGapHours: 3,
        allUnanswered: 'deemedSatisfied',
        thirdPartyAssessment: true,
      });
    });
    it('PDS:28-29: ranking groups and interview thresholds', () => {
      const groups = Object.fromEntries(p.ranking.groups.map((g) => [g.id, g.interview]));
      expect(groups).toEqual({
        county: { lastN: 1, belowShareOfTop: 0.85, basis: 'PDS:28(四)' },
        district: { lastN: 1, belowShareOfTop: 0.85, basis: 'PDS:28(四)' },
        cityDepartments: { lastN: 2, belowShareOfTop: 0.8, basis: 'PDS:28(四)' },
        township: { lastN: 2, belowShareOfTop: 0.8, basis: 'PDS:28(四)' },
      });
      expect(p.ranking.secretaryGeneralInterview).toEqual({ consecutive: 2, inYear: 3, basis: 'PDS:28(五)' });
      expect(p.ranking.publicStatement).toEqual({ consecutive: 3, inYear: 5, basis: 'PDS:29(二)' });
      expect(p.ranking.yearWindow).toBe('calendarYear');
    });
  });

  it('TN:13 gives every ticket 5 working days', () => {
    const p = presetPolicy('tianning-2013');
    expect(handlingRuleFor(p, { type: 'consultation', channel: 'phone' }).limit).toEqual({ workingDays: 5 });
  });

  it('JZ:四(三) opens the extension window 2 working days before the deadline', () => {
    expect(presetPolicy('jinzhou-2023').extension.noEarlierThanBeforeDeadline).toEqual({ workingDays: 2 });
  });
});
