import { describe, expect, it } from 'vitest';
import {
  citizen,
  clerk,
  expectRefused,
  head,
  inProgress,
  registered,
  Scenario,
  typesOf,
} from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

/** A tip-off about unit-housing's staff, registered by the agent. */
function tipOff(policy = 'tianning-2013'): Scenario {
  const s = new Scenario(policy, NOV_2);
  s.run({
    action: 'register',
    channel: 'phone',
    type: 'report',
    category: 'conduct',
    content: '反映某科室工作人员吃拿卡要',
    requester: citizen,
    subject: { unitId: 'unit-housing', person: '某科长' },
  });
  return s;
}

describe('Tip-offs about a unit or a person (TN:20; AH:34)', () => {
  it('TN:20 records the subject and never dispatches the ticket to it (tipoff.subjectUnit)', () => {
    // Prepare
    const s = tipOff();

    // Act / Assess
    expect(s.current.subject).toEqual({ unitId: 'unit-housing', person: '某科长' });
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' }),
      'tipoff.subjectUnit',
      'TN:20',
    );
    expectRefused(
      () =>
        s.run({
          action: 'dispatch',
          leadUnit: 'unit-inspection',
          coUnits: ['unit-housing'],
          level: 'county',
        }),
      'tipoff.subjectUnit',
    );
    s.run({ action: 'dispatch', leadUnit: 'unit-inspection', level: 'county' });
    expect(s.current.assignment?.leadUnit).toBe('unit-inspection');
  });

  it('AH:34 a unit handling it cannot hand it down to its subject (tipoff.subjectUnit)', () => {
    const s = tipOff('anhui-2021');
    s.run({ action: 'dispatch', leadUnit: 'unit-inspection', level: 'city' });
    expectRefused(
      () => s.run({ action: 'redispatch', toUnit: 'unit-housing', level: 'county', reason: '属地' }),
      'tipoff.subjectUnit',
    );
  });

  it('TN:20 a tip-off names a unit or a person', () => {
    const s = new Scenario('tianning-2013', NOV_2);
    expect(() =>
      s.run({
        action: 'register',
        channel: 'phone',
        type: 'report',
        category: 'conduct',
        content: 'x',
        requester: citizen,
        subject: {},
      }),
    ).toThrow(/name the unit or the person/);
  });
});

describe('Hand-over to discipline, organisation and political-legal bodies (PDS:25)', () => {
  it('PDS:25 a tip-off is handed over with the approval of the office leader and closed for the hotline', () => {
    // Prepare
    const s = tipOff('pingdingshan-2022');

    // Act
    const events = s.run({
      action: 'handOver',
      body: 'discipline',
      bodyName: '市纪委监委',
      approvedBy: '市政府办公室分管副主任',
      note: '涉嫌违纪线索',
    });

    // Assess
    expect(events).toMatchObject([
      { type: 'TicketHandedOver', approvedBy: '市政府办公室分管副主任', basis: 'PDS:25' },
    ]);
    expect(s.current.status).toBe('handedOver');
    expect(s.current.handOver).toMatchObject({ body: 'discipline', bodyName: '市纪委监委', basis: 'PDS:25' });
    expect(s.current.clocks).toEqual({});
    s.run({ action: 'archive' });
    expect(s.current.status).toBe('archived');
  });

  it('PDS:25 a dispatched ticket handed over stops its clocks', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    s.run({
      action: 'handOver',
      body: 'politicalLegal',
      bodyName: '市委政法委',
      approvedBy: '分管副主任',
      note: '移交',
    });
    expect(s.current).toMatchObject({ status: 'handedOver', clocks: {}, overdue: false });
  });

  it('AH:10(一) Anhui hands nothing over: it refuses such a request instead (handOver.notOffered)', () => {
    const s = tipOff('anhui-2021');
    expectRefused(
      () =>
        s.run({ action: 'handOver', body: 'discipline', bodyName: '纪委', approvedBy: '主任', note: 'x' }),
      'handOver.notOffered',
    );
  });
});

describe('交办: a complex matter handed down with its own deadline (TN:12(三); TN:13(一))', () => {
  it('TN:12(三) the office hands the matter down, approved by its deputy leader, on the deadline it sets', () => {
    // Prepare
    const s = registered('tianning-2013', NOV_2);

    // Act
    const [event] = s.run({
      action: 'dispatch',
      leadUnit: 'unit-housing',
      level: 'county',
      handDown: { approvedBy: '平台管理办公室分管领导', deadline: '2026-11-20T17:00:00+08:00' },
    });

    // Assess
    expect(event).toMatchObject({
      type: 'TicketDispatched',
      handDown: { approvedBy: '平台管理办公室分管领导' },
      limitBasis: 'TN:12(三); TN:13(一)',
    });
    expect(s.clock('handling')).toMatchObject({
      deadline: '2026-11-20T17:00:00+08:00',
      basis: 'TN:12(三); TN:13(一)',
    });
    expect(s.current.handDown?.deadline).toBe('2026-11-20T17:00:00+08:00');
  });

  it('TN:13(一) the deadline set lies in the future (deadline.inPast)', () => {
    const s = registered('tianning-2013', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'dispatch',
          leadUnit: 'unit-housing',
          level: 'county',
          handDown: { approvedBy: '分管领导', deadline: '2026-11-01T17:00:00+08:00' },
        }),
      'deadline.inPast',
    );
  });
});

describe('会办: a coordination meeting (TN:12(四))', () => {
  it('TN:12(四) records the units present and their tasks; the reply waits until every task is done', () => {
    // Prepare
    const s = inProgress('tianning-2013', NOV_2);
    s.run({
      action: 'recordCoordination',
      units: ['unit-housing', 'unit-planning'],
      tasks: [
        { unitId: 'unit-planning', task: '核查规划许可' },
        { unitId: 'unit-housing', task: '牵头整改' },
      ],
    });
    s.run({ action: 'informRequester', summary: '正在处理' }, clerk);

    // Act / Assess
    expectRefused(() => s.run({ action: 'reply', summary: '已处理' }, clerk), 'reply.tasksOpen', 'TN:12(四)');
    s.run({ action: 'reportTask', unitId: 'unit-planning', result: '规划许可合法' });
    expectRefused(
      () => s.run({ action: 'reportTask', unitId: 'unit-planning', result: '再报' }),
      'coordination.taskDone',
    );
    expectRefused(
      () => s.run({ action: 'reportTask', unitId: 'unit-planning', result: '代报' }, clerk),
      'coordination.taskDone',
    );
    expectRefused(
      () =>
        s.run(
          { action: 'reportTask', unitId: 'unit-housing', result: 'x' },
          { ...head, unitId: 'unit-planning' },
        ),
      'coordination.notYourTask',
    );
    s.run({ action: 'reportTask', unitId: 'unit-housing', result: '整改完成' }, clerk);
    s.run({ action: 'reply', summary: '已处理' }, clerk);
    expect(s.current.coordination?.tasks.every((t) => t.doneAt)).toBe(true);
    expect(s.current.status).toBe('replied');
  });

  it("TN:12(四) each task goes to a unit present (coordination.taskUnitAbsent), never to a tip-off's subject", () => {
    const s = inProgress('tianning-2013', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'recordCoordination',
          units: ['unit-housing'],
          tasks: [{ unitId: 'unit-planning', task: 'x' }],
        }),
      'coordination.taskUnitAbsent',
    );
    expectRefused(
      () => s.run({ action: 'reportTask', unitId: 'unit-water', result: 'x' }),
      'coordination.noTask',
    );
    const t = tipOff();
    t.run({ action: 'dispatch', leadUnit: 'unit-inspection', level: 'county' });
    expectRefused(
      () =>
        t.run({
          action: 'recordCoordination',
          units: ['unit-housing'],
          tasks: [{ unitId: 'unit-housing', task: 'x' }],
        }),
      'tipoff.subjectUnit',
    );
  });
});

describe("Leaders' instructions (AH:20(一); TN:12(三), 13(二))", () => {
  it('AH:20(一) an instruction is recorded with who and what and the matter supervised once', () => {
    const s = registered('anhui-2021', NOV_2);
    const first = s.run({ action: 'recordInstruction', leader: '副市长', instruction: '请督办' });
    const second = s.run({ action: 'recordInstruction', leader: '市长', instruction: '再次督办' });
    expect(typesOf(first)).toEqual(['LeaderInstructionRecorded', 'SupervisionOpened']);
    expect(typesOf(second)).toEqual(['LeaderInstructionRecorded']);
    expect(s.current.instruction).toMatchObject({ leader: '市长' });
  });
});
