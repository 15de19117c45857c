import { describe, expect, it } from 'vitest';
import { commandSchema, decide } from '../../../functions/domain/ticket/index.ts';
import { agent, citizen, clerk, expectRefused, registered, Scenario, typesOf } from './fixtures.ts';

const NOV_2 = '2026-11-02T10:00:00+08:00';

describe('Registration (AH:9; AH:11)', () => {
  it('AH:11 records the channel, type, category, content and requester contact', () => {
    // Act
    const s = registered('anhui-2021', NOV_2, { type: 'help', channel: 'wechat', category: 'water' });

    // Assess
    expect(s.current).toMatchObject({
      id: 'T-1',
      status: 'received',
      channel: 'wechat',
      type: 'help',
      category: 'water',
      content: '楼道灯坏了',
      requester: { ...citizen, anonymous: false, confidential: false },
      receivedAt: NOV_2,
      verified: true,
      priority: 'ordinary',
    });
    expect(s.history[0]).toMatchObject({
      type: 'TicketRegistered',
      at: NOV_2,
      by: agent,
      policy: { id: 'anhui-2021', version: 3 },
    });
  });

  it('AH:9 refuses a request type the policy does not know (intake.unknownType)', () => {
    const s = new Scenario('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'register',
          channel: 'phone',
          type: 'gossip',
          category: 'x',
          content: 'y',
          requester: citizen,
        }),
      'intake.unknownType',
      'AH:9',
    );
    expect(s.ticket).toBeNull();
  });

  it.each(['consultation', 'help', 'complaint', 'report', 'suggestion'])(
    'AH:9 accepts the request type %s',
    (type) => {
      expect(registered('anhui-2021', NOV_2, { type }).current.type).toBe(type);
    },
  );

  it('AH:11 refuses a named request without a contact (intake.contactMissing)', () => {
    const s = new Scenario('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'register',
          channel: 'phone',
          type: 'complaint',
          category: 'x',
          content: 'y',
          requester: { name: '张三' },
        }),
      'intake.contactMissing',
      'AH:11',
    );
  });

  it('AH:11 accepts an anonymous request without a contact', () => {
    const s = registered('anhui-2021', NOV_2, { requester: { anonymous: true } });
    expect(s.current.requester.anonymous).toBe(true);
  });

  it('TN:7 refuses a channel Tianning does not offer (intake.channelNotOffered)', () => {
    expectRefused(
      () => registered('tianning-2013', NOV_2, { channel: 'wechat' }),
      'intake.channelNotOffered',
    );
    expect(registered('tianning-2013', NOV_2, { channel: 'sms' }).current.channel).toBe('sms');
  });

  it('refuses to register a ticket twice (ticket.exists)', () => {
    const s = registered('anhui-2021', NOV_2);
    expectRefused(
      () =>
        s.run({
          action: 'register',
          channel: 'phone',
          type: 'complaint',
          category: 'x',
          content: 'y',
          requester: citizen,
        }),
      'ticket.exists',
    );
  });

  it('refuses to register a ticket without an id for it (intake.idMissing)', () => {
    const s = new Scenario('anhui-2021', NOV_2);
    const command = commandSchema.parse({
      action: 'register',
      channel: 'phone',
      type: 'complaint',
      category: 'x',
      content: 'y',
      requester: citizen,
    });
    expectRefused(
      () => decide(null, command, { ...s.context(), newTicketId: undefined }),
      'intake.idMissing',
    );
  });

  it('refuses a command on a ticket that was never registered (ticket.notRegistered)', () => {
    const s = new Scenario('anhui-2021', NOV_2);
    expectRefused(() => s.run({ action: 'verify' }), 'ticket.notRegistered');
  });
});

describe('Verification of anonymous online messages (AH:11)', () => {
  it('AH:11 refuses to dispatch an anonymous web message before it is verified (intake.unverified)', () => {
    // Prepare
    const s = registered('anhui-2021', NOV_2, { channel: 'web', requester: { anonymous: true } });
    expect(s.current.verified).toBe(false);

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' }),
      'intake.unverified',
      'AH:11',
    );
    s.run({ action: 'verify', note: '已电话核实' });
    const events = s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' });
    expect(typesOf(events)).toEqual(['TicketDispatched']);
  });

  it('AH:11 an anonymous phone call needs no verification', () => {
    const s = registered('anhui-2021', NOV_2, { channel: 'phone', requester: { anonymous: true } });
    expect(s.current.verified).toBe(true);
    expectRefused(() => s.run({ action: 'verify' }), 'intake.alreadyVerified');
  });

  it('AH:11 a named web message needs no verification', () => {
    expect(registered('anhui-2021', NOV_2, { channel: 'web' }).current.verified).toBe(true);
  });

  it('AH:11 a named web message whose responsible body or facts are unclear is verified before dispatch', () => {
    // Prepare
    const s = new Scenario('anhui-2021', NOV_2);

    // Act
    s.run({
      action: 'register',
      channel: 'mayorMailbox',
      type: 'complaint',
      category: 'housing',
      content: '某处有人乱搭乱建,不知归谁管',
      requester: citizen,
      unclear: true,
    });

    // Assess
    expect(s.current.verified).toBe(false);
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' }),
      'intake.unverified',
      'AH:11',
    );
    s.run({ action: 'verify', note: '已核实:属住建部门' });
    expect(s.current.verified).toBe(true);
  });

  it('AH:11 an unclear phone call is not a 网络留言 and needs no verification', () => {
    const s = new Scenario('anhui-2021', NOV_2);
    s.run({
      action: 'register',
      channel: 'phone',
      type: 'complaint',
      category: 'housing',
      content: '不清楚归谁管',
      requester: citizen,
      unclear: true,
    });
    expect(s.current.verified).toBe(true);
  });
});

describe('Not accepted (AH:10; TN:8-10; PDS:4; CZ:二(四))', () => {
  it('AH:10 records the basis of the refusal and the competent body to contact', () => {
    // Prepare
    const s = registered('anhui-2021', NOV_2);

    // Act
    s.run({
      action: 'refuse',
      ground: 'legalProcedure',
      explanation: '该事项已进入诉讼程序',
      referral: { body: '区人民法院', contact: '0551-12368' },
    });

    // Assess
    expect(s.current.status).toBe('refused');
    expect(s.current.refusal).toMatchObject({
      ground: 'legalProcedure',
      basis: 'AH:10(一)',
      explanation: '该事项已进入诉讼程序',
      referral: { body: '区人民法院', contact: '0551-12368' },
    });
  });

  it('PDS:4 refuses a ground Pingdingshan does not list (refusal.groundNotInPolicy)', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    expectRefused(
      () => s.run({ action: 'refuse', ground: 'secretOrPrivate', explanation: '涉及个人隐私' }),
      'refusal.groundNotInPolicy',
    );
    expect(s.current.status).toBe('received');
  });

  it('PDS:4(四) refuses an internal administration matter with its basis', () => {
    const s = registered('pingdingshan-2022', NOV_2);
    s.run({ action: 'refuse', ground: 'internalAdministration', explanation: '属于内部行政管理事项' });
    expect(s.current.refusal?.basis).toBe('PDS:4(四)');
  });

  it('TN:8 refuses a ground Tianning does not list (refusal.groundNotInPolicy)', () => {
    const s = registered('tianning-2013', NOV_2);
    expectRefused(
      () => s.run({ action: 'refuse', ground: 'internalAdministration', explanation: '内部管理' }),
      'refusal.groundNotInPolicy',
    );
  });

  it('TN:8(一) refuses a matter outside the district with its basis', () => {
    const s = registered('tianning-2013', NOV_2);
    s.run({ action: 'refuse', ground: 'outsideJurisdiction', explanation: '非天宁区管辖' });
    expect(s.current.refusal?.basis).toBe('TN:8(一)');
  });

  it('AH:12(三) refuses to turn away an emergency without naming the emergency line (refusal.referralMissing)', () => {
    const s = registered('anhui-2021', NOV_2);
    expectRefused(
      () => s.run({ action: 'refuse', ground: 'emergency', explanation: '火情' }),
      'refusal.referralMissing',
      'AH:12(三)',
    );
    s.run({ action: 'refuse', ground: 'emergency', explanation: '火情', referral: { body: '119' } });
    expect(s.current.refusal).toMatchObject({
      ground: 'emergency',
      basis: 'AH:12(三)',
      referral: { body: '119' },
    });
  });

  it('a refused ticket cannot be dispatched (dispatch.wrongStatus)', () => {
    const s = registered('anhui-2021', NOV_2);
    s.run({ action: 'refuse', ground: 'tooVague', explanation: '内容不具体' });
    expectRefused(
      () => s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' }),
      'dispatch.wrongStatus',
    );
  });
});

describe('Abuse of the line (AH:13)', () => {
  it('AH:13 flags abuse once (abuse.alreadyFlagged)', () => {
    const s = registered('anhui-2021', NOV_2);
    s.run({ action: 'flagAbuse', note: '反复骚扰话务员' });
    expect(s.current.abuseFlagged).toBe(true);
    expectRefused(() => s.run({ action: 'flagAbuse', note: '再次' }), 'abuse.alreadyFlagged', 'AH:13');
  });

  it('AH:13 a refused ticket can still be flagged', () => {
    const s = registered('anhui-2021', NOV_2);
    s.run({ action: 'refuse', ground: 'unlawful', explanation: '违反公序良俗' });
    s.run({ action: 'flagAbuse', note: '辱骂' }, clerk);
    expect(s.current.abuseFlagged).toBe(true);
  });
});
