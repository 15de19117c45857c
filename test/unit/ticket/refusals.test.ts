import { describe, expect, it } from 'vitest';
import {
  commandSchema,
  type DirectoryLookup,
  InvalidFieldError,
  MAX_COMMAND_HOURS,
  MAX_COMMAND_WORKING_DAYS,
  type UnitLevel,
} from '../../../functions/domain/ticket/index.ts';
import { clerk, completed, dispatched, expectRefused, inProgress, registered, replied } from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const UNITS: Record<string, UnitLevel> = {
  'unit-housing': 'county',
  'unit-water': 'county',
  'street-1': 'township',
};
const directory: DirectoryLookup = {
  unitLevel: (id) => UNITS[id],
  hasCategory: (id) => id === 'housing',
  hasRegion: (id) => id === 'district-a',
};

/** Asserts that `act` is refused as bad input naming `field` (answered 400), with the rule. */
function expectInvalidField(act: () => unknown, field: string, rule: string): InvalidFieldError {
  const error = expectRefused(act, rule);
  expect(error).toBeInstanceOf(InvalidFieldError);
  expect((error as InvalidFieldError).field).toBe(field);
  return error as InvalidFieldError;
}

describe('Values the deployment does not know are bad input naming the field, not rule conflicts', () => {
  it('AH:9 an unknown request type names type (intake.unknownType)', () => {
    expectInvalidField(
      () => registered('anhui-2021', NOV_2, { type: 'praise' }),
      'type',
      'intake.unknownType',
    );
  });

  it('AH:24 an unknown priority names priority (dispatch.unknownPriority)', () => {
    expectInvalidField(
      () => dispatched('anhui-2021', NOV_2, { priority: 'whenever' }),
      'priority',
      'dispatch.unknownPriority',
    );
  });
});

describe('Commands name what exists in the directory', () => {
  it('intake refuses a category that is not in the dispatch catalogue (intake.unknownCategory)', () => {
    const s = registered('anhui-2021', NOV_2);
    s.ticket = null;
    s.directory = directory;
    expectInvalidField(
      () =>
        s.run({
          action: 'register',
          channel: 'phone',
          type: 'complaint',
          category: 'ghosts',
          content: '闹鬼',
          requester: { phone: '13800138000' },
        }),
      'category',
      'intake.unknownCategory',
    );
  });

  it('intake refuses a region that is not in the directory (intake.unknownRegion)', () => {
    const s = registered('anhui-2021', NOV_2);
    s.ticket = null;
    s.directory = directory;
    expectInvalidField(
      () =>
        s.run({
          action: 'register',
          channel: 'phone',
          type: 'complaint',
          category: 'housing',
          regionId: 'atlantis',
          content: '楼道灯坏了',
          requester: { phone: '13800138000' },
        }),
      'regionId',
      'intake.unknownRegion',
    );
  });

  it('dispatch refuses a lead unit that does not exist (dispatch.unknownUnit)', () => {
    const s = registered('anhui-2021', NOV_2);
    s.directory = directory;
    expectInvalidField(
      () => s.run({ action: 'dispatch', leadUnit: 'no-such-unit', level: 'county' }),
      'leadUnit',
      'dispatch.unknownUnit',
    );
  });

  it('dispatch refuses a co-unit that does not exist, naming its place in the list', () => {
    const s = registered('anhui-2021', NOV_2);
    s.directory = directory;
    expectInvalidField(
      () =>
        s.run({
          action: 'dispatch',
          leadUnit: 'unit-housing',
          coUnits: ['unit-water', 'ghost'],
          level: 'county',
        }),
      'coUnits.1',
      'dispatch.unknownUnit',
    );
  });

  it("dispatch refuses a level that is not the unit's own (dispatch.levelNotUnits)", () => {
    const s = registered('anhui-2021', NOV_2);
    s.directory = directory;
    const error = expectInvalidField(
      () => s.run({ action: 'dispatch', leadUnit: 'street-1', level: 'province' }),
      'level',
      'dispatch.levelNotUnits',
    );
    expect(error.message).toBe('unit "street-1" is at level township, not province');
  });

  it('CZ:一(二)3 refuses a re-dispatch of a unit to itself by declaring a lower level (dispatch.sameUnit)', () => {
    const s = inProgress('changzhou-2016', NOV_2);
    s.directory = directory;
    expectRefused(
      () => s.run({ action: 'redispatch', toUnit: 'unit-housing', level: 'township', reason: '下沉' }),
      'dispatch.sameUnit',
    );
  });

  it("re-dispatch refuses a level that is not the receiving unit's own", () => {
    const s = inProgress('changzhou-2016', NOV_2);
    s.directory = directory;
    expectInvalidField(
      () => s.run({ action: 'redispatch', toUnit: 'unit-water', level: 'township', reason: '下沉' }),
      'level',
      'dispatch.levelNotUnits',
    );
  });
});

describe('Every limit a command gives is bounded by what the calendar can serve', () => {
  it(`a law's own limit of 20000 working days is refused naming the field (at most ${MAX_COMMAND_WORKING_DAYS})`, () => {
    const parsed = commandSchema.safeParse({
      action: 'dispatch',
      leadUnit: 'unit-housing',
      level: 'county',
      legalLimit: { limit: { workingDays: 20000 }, basis: '某法' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('legalLimit.limit.workingDays');
  });

  it(`an extension of 1e6 hours is refused naming the field (at most ${MAX_COMMAND_HOURS})`, () => {
    const parsed = commandSchema.safeParse({
      action: 'requestExtension',
      length: { hours: 1e6 },
      reason: '复杂',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('length.hours');
  });

  it('the longest limit allowed still has a deadline the calendar serves', () => {
    const s = dispatched('anhui-2021', NOV_2, {
      legalLimit: { limit: { workingDays: MAX_COMMAND_WORKING_DAYS }, basis: '某法' },
    });
    expect(s.clock('handling').deadline).toMatch(/^20(2|3)\d-/);
  });

  it('PDS:8 C a deadline the centre sets past 2099 is refused naming deadline (deadline.beyondCalendar)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'C' });
    s.run(
      { action: 'submitPlan', leader: '王局长', contact: '0375-1234567', progress: '已勘查', plan: '分三步' },
      clerk,
    );
    expectInvalidField(
      () => s.run({ action: 'setDeadline', deadline: '2100-01-04T17:00:00+08:00' }),
      'deadline',
      'deadline.beyondCalendar',
    );
  });

  it('TN:13(一) a hand-down deadline past 2099 is refused naming handDown.deadline (deadline.beyondCalendar)', () => {
    expectInvalidField(
      () =>
        registered('tianning-2013', NOV_2).run({
          action: 'dispatch',
          leadUnit: 'unit-housing',
          level: 'county',
          handDown: { approvedBy: '分管领导', deadline: '2100-01-04T17:00:00+08:00' },
        }),
      'handDown.deadline',
      'deadline.beyondCalendar',
    );
  });
});

describe('Refusals say what is true', () => {
  it('AH:16 after a refused return request, the next one is refused without saying "deemed accepted"', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'requestReturn', reason: '非本单位职责', legalBasis: '三定方案' }, clerk);
    s.run({ action: 'decideReturn', approve: false, note: '属本单位职责' });

    // Act
    const error = expectRefused(
      () => s.run({ action: 'requestReturn', reason: '再次申请', legalBasis: '三定方案' }, clerk),
      'return.windowClosed',
    );

    // Assess
    expect(s.current.assignment?.deemedAccepted).toBe(false);
    expect(error.message).not.toContain('deemed accepted');
    expect(error.message).toContain('a refused return request closes it');
  });

  it('PDS:16 an unanswered callback with satisfied: true is refused naming satisfied', () => {
    const s = completed('anhui-2021', NOV_2);
    const error = expectInvalidField(
      () => s.run({ action: 'recordCallback', outcome: 'unanswered', satisfied: true }),
      'satisfied',
      'callback.satisfactionWithoutAnswer',
    );
    expect(error.message).toContain('unanswered');
  });

  it('PDS:13 a reply sent back for redo is refused without a new informRequester, and the refusal says so', () => {
    // Prepare
    const s = replied('anhui-2021', NOV_2);
    s.run({ action: 'review', approve: false, note: '答复不完整' });

    // Act
    const error = expectRefused(
      () => s.run({ action: 'reply', summary: '已重新处理' }, clerk),
      'reply.requesterNotInformed',
    );

    // Assess
    expect(error.message).toContain('sent back');
    expect(error.message).toContain('informRequester');
  });
});
