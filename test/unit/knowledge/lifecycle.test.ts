import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../functions/domain/access/index.ts';
import { createCalendar, parseInstant } from '../../../functions/domain/calendar/index.ts';
import {
  DEFAULT_KNOWLEDGE_SETTINGS,
  decideKnowledge,
  dueTimerCommands,
  type Entry,
  type EntryContent,
  emptyUpkeep,
  evolveKnowledge,
  type KnowledgeCommand,
  type KnowledgeEvent,
  nextTimerDay,
  publishedVersion,
  regionChain,
  replayKnowledge,
  upkeepMonth,
  upkeepOf,
} from '../../../functions/domain/knowledge/index.ts';
import type { Actor } from '../../../functions/domain/ticket/index.ts';
import { expectRefused } from '../ticket/fixtures.ts';

const calendar = createCalendar();
const clerk: Actor = { id: 'clerk-zhao', role: 'unitClerk', unitId: 'ss-urban' };
const otherClerk: Actor = { id: 'clerk-qian', role: 'unitClerk', unitId: 'bh-urban' };
const dispatcher: Actor = { id: 'dispatcher-li', role: 'dispatcher' };
const supervisor: Actor = { id: 'supervisor-zhou', role: 'supervisor' };
const admin: Actor = { id: 'admin-zheng', role: 'admin' };
const agent: Actor = { id: 'agent-wang', role: 'agent' };
const citizen: Actor = { id: 'citizen:abc', role: 'citizen' };
const timer: Actor = { id: 'timer', role: 'system' };
const MON = '2026-12-14T09:00:00+08:00';

const content = (overrides: Partial<EntryContent> = {}): EntryContent => ({
  title: '占道经营投诉处理',
  questions: ['路边摆摊找谁管', '门口有人占道卖菜'],
  answer: '由区城市管理局负责查处，接到投诉后2小时内到场处置。',
  basis: [{ title: '《合肥市市容和环境卫生管理条例》' }],
  category: 'street-vendors',
  regionId: 'shushan',
  public: true,
  reviewBy: '2027-03-01',
  ...overrides,
});

/** An entry driven by commands, as the app does: decide, then evolve. */
function scenario() {
  let entry: Entry | null = null;
  const all: KnowledgeEvent[] = [];
  return {
    run(command: KnowledgeCommand, actor: Actor, at = MON): KnowledgeEvent[] {
      const events = decideKnowledge(entry, command, {
        now: parseInstant(at),
        actor,
        calendar,
        settings: DEFAULT_KNOWLEDGE_SETTINGS,
        newEntryId: 'kb-1',
        newCorrectionId: `c-${all.length}`,
      });
      entry = events.reduce<Entry | null>(evolveKnowledge, entry);
      all.push(...events);
      return events;
    },
    get entry(): Entry {
      if (!entry) throw new Error('no entry yet');
      return entry;
    },
    all,
  };
}

function published(at = MON) {
  const s = scenario();
  s.run({ action: 'draft', content: content() }, clerk, at);
  s.run({ action: 'submit' }, clerk, at);
  s.run({ action: 'check', outcome: 'approved' }, dispatcher, at);
  s.run({ action: 'publish' }, supervisor, at);
  return s;
}

const expectForbidden = (act: () => unknown, reason: string) => {
  expect(act).toThrow(ForbiddenError);
  try {
    act();
  } catch (e) {
    expect(e).toMatchObject({ reason });
  }
};

describe('Who keeps an entry: "谁提供、谁维护、谁更新" (AH:30)', () => {
  it('AH:30 a unit clerk drafts an entry of their own unit as version 1', () => {
    const s = scenario();
    const [event] = s.run({ action: 'draft', content: content() }, clerk);
    expect(event).toMatchObject({ type: 'EntryDrafted', entryId: 'kb-1', unitId: 'ss-urban', version: 1 });
    expect(s.entry).toMatchObject({ working: 1, versions: [{ state: 'draft' }] });
    expect(s.entry.published).toBeUndefined();
  });

  it('AH:30 another unit may not update the entry (knowledge.ownerOnly)', () => {
    const s = published();
    expectForbidden(() => s.run({ action: 'revise', content: content() }, otherClerk), 'knowledge.ownerOnly');
  });

  it('AH:30 an entry names its unit: staff without one draft for nobody (knowledge.unitMissing)', () => {
    expectRefused(
      () => scenario().run({ action: 'draft', content: content() }, admin),
      'knowledge.unitMissing',
    );
    const s = scenario();
    s.run({ action: 'draft', content: content(), unitId: 'bh-urban' }, admin);
    expect(s.entry.unitId).toBe('bh-urban');
  });

  it('AH:29 the review-by date lies ahead (knowledge.reviewByPast)', () => {
    expectRefused(
      () => scenario().run({ action: 'draft', content: content({ reviewBy: '2026-12-14' }) }, clerk),
      'knowledge.reviewByPast',
    );
  });
});

describe('多方校核: the centre checks and publishes (AH:30)', () => {
  it('AH:30 only a checked version is published, and the centre publishes it', () => {
    // Prepare
    const s = scenario();
    s.run({ action: 'draft', content: content() }, clerk);

    // Act / Assess
    expectRefused(() => s.run({ action: 'publish' }, supervisor), 'knowledge.notChecked');
    expectRefused(
      () => s.run({ action: 'check', outcome: 'approved' }, dispatcher),
      'knowledge.notSubmitted',
    );
    s.run({ action: 'submit' }, clerk);
    expectForbidden(() => s.run({ action: 'check', outcome: 'approved' }, clerk), 'knowledge.centreOnly');
    s.run({ action: 'check', outcome: 'approved', note: '口径一致' }, dispatcher);
    expectForbidden(() => s.run({ action: 'publish' }, dispatcher), 'knowledge.centreOnly');
    const [event] = s.run({ action: 'publish' }, supervisor);
    expect(event).toMatchObject({ type: 'VersionPublished', version: 1, superseded: undefined });
    expect(publishedVersion(s.entry)).toMatchObject({ version: 1, state: 'published' });
  });

  it('AH:30 a version is checked by someone other than its author (knowledge.selfCheck)', () => {
    const s = scenario();
    s.run({ action: 'draft', content: content(), unitId: 'ss-urban' }, admin);
    s.run({ action: 'submit' }, admin);
    expectRefused(() => s.run({ action: 'check', outcome: 'approved' }, admin), 'knowledge.selfCheck');
  });

  it('AH:30 a rejection says why, goes back to the unit, and the draft is revised and resubmitted', () => {
    const s = scenario();
    s.run({ action: 'draft', content: content() }, clerk);
    s.run({ action: 'submit' }, clerk);
    expectRefused(
      () => s.run({ action: 'check', outcome: 'rejected' }, dispatcher),
      'knowledge.rejectionReason',
    );
    s.run({ action: 'check', outcome: 'rejected', note: '缺少政策依据' }, dispatcher);
    expect(s.entry.versions[0]).toMatchObject({ state: 'rejected', note: '缺少政策依据' });
    s.run(
      { action: 'revise', content: content({ answer: '由区城市管理局依据条例查处，2小时内到场。' }) },
      clerk,
    );
    s.run({ action: 'submit' }, clerk);
    expect(s.entry.versions).toHaveLength(1);
    expect(s.entry.versions[0]).toMatchObject({ state: 'submitted', note: undefined });
  });

  it('AH:30 a version under check is not changed (knowledge.underCheck) and nothing else is submitted', () => {
    const s = scenario();
    s.run({ action: 'draft', content: content() }, clerk);
    s.run({ action: 'submit' }, clerk);
    expectRefused(() => s.run({ action: 'revise', content: content() }, clerk), 'knowledge.underCheck');
    expectRefused(() => s.run({ action: 'submit' }, clerk), 'knowledge.nothingToSubmit');
  });

  it('AH:30 every version is kept: an update is version 2, and publishing it supersedes version 1', () => {
    // Prepare
    const s = published();

    // Act
    s.run({ action: 'draft', content: content({ answer: '由区城市管理局查处，1小时内到场处置。' }) }, clerk);
    s.run({ action: 'submit' }, clerk);
    s.run({ action: 'check', outcome: 'approved' }, dispatcher);
    const [event] = s.run({ action: 'publish' }, supervisor);

    // Assess
    expect(event).toMatchObject({ version: 2, superseded: 1 });
    expect(s.entry.versions.map((v) => v.state)).toEqual(['superseded', 'published']);
    expect(publishedVersion(s.entry)?.content.answer).toContain('1小时');
  });

  it('AH:30 while version 2 is drafted, version 1 still answers', () => {
    const s = published();
    s.run({ action: 'revise', content: content({ answer: '新的答复口径，尚未校核。' }) }, clerk);
    expect(publishedVersion(s.entry)?.version).toBe(1);
    expect(s.entry.working).toBe(2);
  });

  it('AH:30 an administrator imports an entry checked elsewhere, published at once, or as a draft', () => {
    const s = scenario();
    const events = s.run({ action: 'import', content: content(), unitId: 'ss-urban', publish: true }, admin);
    expect(events.map((e) => e.type)).toEqual([
      'EntryDrafted',
      'VersionSubmitted',
      'VersionChecked',
      'VersionPublished',
    ]);
    expect(s.entry.published).toBe(1);
    const d = scenario();
    d.run({ action: 'import', content: content(), unitId: 'ss-urban', publish: false }, admin);
    expect(d.entry.published).toBeUndefined();
    expectForbidden(
      () =>
        scenario().run({ action: 'import', content: content(), unitId: 'ss-urban', publish: true }, clerk),
      'knowledge.centreOnly',
    );
    expectRefused(
      () => s.run({ action: 'import', content: content(), unitId: 'ss-urban', publish: true }, admin),
      'knowledge.importExisting',
    );
  });
});

describe('实时更新: review-by dates and the stale flag (AH:29)', () => {
  it('AH:29 past its review-by date the timer flags a published entry stale, once', () => {
    const s = published();
    expectRefused(
      () => s.run({ action: 'markStale' }, timer, '2027-03-01T10:00:00+08:00'),
      'knowledge.notDue',
    );
    s.run({ action: 'markStale' }, timer, '2027-03-02T00:10:00+08:00');
    expect(s.entry).toMatchObject({ stale: true, staleSince: '2027-03-02T00:10:00+08:00' });
    expectRefused(
      () => s.run({ action: 'markStale' }, timer, '2027-03-03T00:10:00+08:00'),
      'knowledge.alreadyStale',
    );
    expectForbidden(
      () => s.run({ action: 'markStale' }, clerk, '2027-03-03T00:10:00+08:00'),
      'knowledge.centreOnly',
    );
  });

  it('AH:29 a review clears the flag and sets the next date; late when it was stale', () => {
    // Prepare
    const s = published();
    const [onTime] = s.run({ action: 'review', reviewBy: '2027-06-01' }, clerk, '2027-02-20T10:00:00+08:00');
    s.run({ action: 'markStale' }, timer, '2027-06-02T00:10:00+08:00');

    // Act
    const [late] = s.run({ action: 'review', reviewBy: '2027-12-01' }, clerk, '2027-06-03T10:00:00+08:00');

    // Assess
    expect(onTime).toMatchObject({ type: 'EntryReviewed', onTime: true });
    expect(late).toMatchObject({ type: 'EntryReviewed', onTime: false });
    expect(s.entry).toMatchObject({ stale: false, lastReviewedAt: '2027-06-03T10:00:00+08:00' });
    expect(publishedVersion(s.entry)?.content.reviewBy).toBe('2027-12-01');
    expectRefused(
      () => s.run({ action: 'review', reviewBy: '2027-06-03' }, clerk, '2027-06-03T11:00:00+08:00'),
      'knowledge.reviewByPast',
    );
  });

  it('AH:29 a draft is neither reviewed nor flagged stale (knowledge.notPublished)', () => {
    const s = scenario();
    s.run({ action: 'draft', content: content() }, clerk);
    expectRefused(() => s.run({ action: 'review', reviewBy: '2027-06-01' }, clerk), 'knowledge.notPublished');
    expectRefused(
      () => s.run({ action: 'markStale' }, timer, '2027-04-01T00:00:00+08:00'),
      'knowledge.notPublished',
    );
  });

  it('AH:29 publishing a new version clears the stale flag', () => {
    const s = published();
    s.run({ action: 'markStale' }, timer, '2027-03-02T00:10:00+08:00');
    s.run(
      { action: 'revise', content: content({ reviewBy: '2027-09-01' }) },
      clerk,
      '2027-03-02T09:00:00+08:00',
    );
    s.run({ action: 'submit' }, clerk, '2027-03-02T09:00:00+08:00');
    s.run({ action: 'check', outcome: 'approved' }, dispatcher, '2027-03-02T09:00:00+08:00');
    s.run({ action: 'publish' }, supervisor, '2027-03-02T09:00:00+08:00');
    expect(s.entry.stale).toBe(false);
  });
});

describe('查漏纠错: corrections reach the owning unit with a deadline (AH:30)', () => {
  it('AH:30 an agent or a citizen reports a published entry wrong; the unit answers within the working days', () => {
    // Prepare
    const s = published();

    // Act
    const [byAgent] = s.run({ action: 'reportCorrection', text: '到场时限已改为1小时' }, agent);
    const [byCitizen] = s.run({ action: 'reportCorrection', text: '电话号码不对' }, citizen);

    // Assess: Monday + 5 working days, the day of the report not counted
    expect(byAgent).toMatchObject({ reporter: 'agent', dueAt: '2026-12-21T23:59:59+08:00', version: 1 });
    expect(byCitizen).toMatchObject({ reporter: 'citizen' });
    expect(s.entry.corrections.map((c) => c.state)).toEqual(['open', 'open']);
  });

  it('AH:30 "fixed" needs a version published after the report (knowledge.correctionNotFixed)', () => {
    // Prepare
    const s = published();
    const [report] = s.run({ action: 'reportCorrection', text: '到场时限已改为1小时' }, agent);
    const correctionId = (report as { correctionId: string }).correctionId;

    // Act / Assess
    expectRefused(
      () => s.run({ action: 'answerCorrection', correctionId, outcome: 'fixed', note: '已改' }, clerk),
      'knowledge.correctionNotFixed',
    );
    const later = '2026-12-23T10:00:00+08:00';
    s.run(
      { action: 'revise', content: content({ answer: '由区城市管理局查处，1小时内到场处置。' }) },
      clerk,
      later,
    );
    s.run({ action: 'submit' }, clerk, later);
    s.run({ action: 'check', outcome: 'approved' }, dispatcher, later);
    s.run({ action: 'publish' }, supervisor, later);
    const [answered] = s.run(
      { action: 'answerCorrection', correctionId, outcome: 'fixed', note: '已更新时限' },
      clerk,
      later,
    );
    expect(answered).toMatchObject({ outcome: 'fixed', fixedInVersion: 2, late: true });
    expect(s.entry.corrections[0]).toMatchObject({ state: 'fixed', fixedInVersion: 2 });
    expectRefused(
      () =>
        s.run({ action: 'answerCorrection', correctionId, outcome: 'rejected', note: '重复' }, clerk, later),
      'knowledge.correctionAnswered',
    );
  });

  it('AH:30 the unit may reject a report with its reason, on time', () => {
    const s = published();
    const [report] = s.run({ action: 'reportCorrection', text: '说法有误' }, citizen);
    const correctionId = (report as { correctionId: string }).correctionId;
    const [answered] = s.run(
      { action: 'answerCorrection', correctionId, outcome: 'rejected', note: '口径无误，已核实' },
      clerk,
    );
    expect(answered).toMatchObject({ outcome: 'rejected', late: false });
    expectRefused(
      () =>
        s.run(
          { action: 'answerCorrection', correctionId: 'nope', outcome: 'rejected', note: '无此报告' },
          clerk,
        ),
      'knowledge.correctionNotFound',
    );
  });

  it('AH:30 a draft is not reported wrong (knowledge.notPublished)', () => {
    const s = scenario();
    s.run({ action: 'draft', content: content() }, clerk);
    expectRefused(
      () => s.run({ action: 'reportCorrection', text: '有误之处' }, agent),
      'knowledge.notPublished',
    );
  });
});

describe("The knowledge base's timers: the unit reminded, the entry stale, a correction overdue (AH:29-30)", () => {
  const settings = DEFAULT_KNOWLEDGE_SETTINGS;
  const due = (s: ReturnType<typeof published>, at: string) =>
    dueTimerCommands(s.entry, parseInstant(at), settings).map((c) => c.action);

  it(`AH:29 the unit is reminded ${DEFAULT_KNOWLEDGE_SETTINGS.reviewReminderDays} days before the review-by date, once per review`, () => {
    // Prepare: review-by 2027-03-01, so the reminder falls on 2027-02-15
    const s = published();
    expect(nextTimerDay(s.entry, settings)).toBe('2027-02-15');
    expect(due(s, '2027-02-14T23:00:00+08:00')).toEqual([]);
    expectRefused(
      () => s.run({ action: 'remindReview' }, timer, '2027-02-14T23:00:00+08:00'),
      'knowledge.notDue',
    );

    // Act
    expect(due(s, '2027-02-15T00:10:00+08:00')).toEqual(['remindReview']);
    const [reminded] = s.run({ action: 'remindReview' }, timer, '2027-02-15T00:10:00+08:00');

    // Assess: reminded once; the next timer is the stale flag the day after the review-by date
    expect(reminded).toMatchObject({ type: 'ReviewReminded', version: 1, reviewBy: '2027-03-01' });
    expect(s.entry.reviewReminded).toMatchObject({ version: 1, reviewBy: '2027-03-01' });
    expectRefused(
      () => s.run({ action: 'remindReview' }, timer, '2027-02-16T00:10:00+08:00'),
      'knowledge.alreadyReminded',
    );
    expect(nextTimerDay(s.entry, settings)).toBe('2027-03-02');
    expect(due(s, '2027-03-02T00:10:00+08:00')).toEqual(['markStale']);
    expectForbidden(() => s.run({ action: 'remindReview' }, clerk), 'knowledge.centreOnly');
  });

  it('AH:29 a review sets the next date, and the next reminder comes before it', () => {
    const s = published();
    s.run({ action: 'remindReview' }, timer, '2027-02-15T00:10:00+08:00');
    s.run({ action: 'review', reviewBy: '2028-03-01' }, clerk, '2027-02-20T10:00:00+08:00');
    expect(nextTimerDay(s.entry, settings)).toBe('2028-02-16');
  });

  it('AH:30 a correction not answered by its due time is marked overdue, once, and counts against the unit', () => {
    // Prepare: reported Monday 2026-12-14, due 2026-12-21 end of day
    const s = published();
    const [report] = s.run({ action: 'reportCorrection', text: '到场时限已改为1小时' }, agent);
    const correctionId = (report as Extract<KnowledgeEvent, { type: 'CorrectionReported' }>).correctionId;
    expect(nextTimerDay(s.entry, settings)).toBe('2026-12-21');
    expect(due(s, '2026-12-21T18:00:00+08:00')).toEqual([]);

    // Act
    expect(due(s, '2026-12-22T00:10:00+08:00')).toEqual(['markCorrectionOverdue']);
    const [overdue] = s.run(
      { action: 'markCorrectionOverdue', correctionId },
      timer,
      '2026-12-22T00:10:00+08:00',
    );

    // Assess
    expect(overdue).toMatchObject({
      type: 'CorrectionOverdue',
      correctionId,
      dueAt: '2026-12-21T23:59:59+08:00',
    });
    expect(upkeepOf(overdue as KnowledgeEvent)).toEqual(['correctionsOverdue']);
    expect(s.entry.corrections[0]).toMatchObject({ state: 'open', overdue: true });
    expectRefused(
      () => s.run({ action: 'markCorrectionOverdue', correctionId }, timer, '2026-12-23T00:10:00+08:00'),
      'knowledge.correctionOverdue',
    );
    // still the unit's to answer, late
    const [answered] = s.run(
      { action: 'answerCorrection', correctionId, outcome: 'rejected', note: '原口径无误' },
      clerk,
      '2026-12-23T10:00:00+08:00',
    );
    expect(answered).toMatchObject({ late: true });
    expect(nextTimerDay(s.entry, settings)).toBe('2027-02-15');
  });

  it('AH:30 a correction answered in time is never marked overdue (knowledge.correctionAnswered)', () => {
    const s = published();
    const [report] = s.run({ action: 'reportCorrection', text: '电话号码不对' }, citizen);
    const correctionId = (report as Extract<KnowledgeEvent, { type: 'CorrectionReported' }>).correctionId;
    s.run({ action: 'answerCorrection', correctionId, outcome: 'rejected', note: '号码无误' }, clerk);
    expect(due(s, '2026-12-22T00:10:00+08:00')).toEqual([]);
    expectRefused(
      () => s.run({ action: 'markCorrectionOverdue', correctionId }, timer, '2026-12-22T00:10:00+08:00'),
      'knowledge.correctionAnswered',
    );
  });

  it('a retired entry has no timers', () => {
    const s = published();
    s.run({ action: 'retire', reason: '政策废止' }, supervisor);
    expect(nextTimerDay(s.entry, settings)).toBeUndefined();
  });
});

describe('Retiring keeps the history (AH:30)', () => {
  it('AH:30 a retired entry answers no more and refuses every change, its versions kept', () => {
    const s = published();
    s.run({ action: 'retire', reason: '政策已废止' }, supervisor);
    expect(s.entry).toMatchObject({ retired: true, versions: [{ version: 1, state: 'published' }] });
    expect(publishedVersion(s.entry)).toBeUndefined();
    expectRefused(() => s.run({ action: 'revise', content: content() }, clerk), 'knowledge.retired');
    expectForbidden(() => s.run({ action: 'retire', reason: '再次废止' }, clerk), 'knowledge.centreOnly');
  });

  it('replaying the stored events rebuilds the entry', () => {
    const s = published();
    s.run({ action: 'reportCorrection', text: '请核实' }, agent);
    expect(replayKnowledge(s.all)).toEqual(s.entry);
    expect(() => evolveKnowledge(null, s.all[1] as KnowledgeEvent)).toThrow(/starts with EntryDrafted/);
    expectRefused(
      () =>
        decideKnowledge(
          null,
          { action: 'submit' },
          {
            now: parseInstant(MON),
            actor: clerk,
            calendar,
            settings: DEFAULT_KNOWLEDGE_SETTINGS,
          },
        ),
      'knowledge.notFound',
    );
  });
});

describe('Upkeep counted for the assessment (AH:26 知识库更新维护)', () => {
  it('AH:26 additions, updates, reviews, stale marks, corrections and retirements count per unit and month', () => {
    // Prepare
    const s = published();
    s.run({ action: 'revise', content: content({ answer: '新的答复口径，已校核。' }) }, clerk);
    s.run({ action: 'submit' }, clerk);
    s.run({ action: 'check', outcome: 'approved' }, dispatcher);
    s.run({ action: 'publish' }, supervisor);
    const [report] = s.run({ action: 'reportCorrection', text: '请核实' }, agent);
    s.run(
      {
        action: 'answerCorrection',
        correctionId: (report as { correctionId: string }).correctionId,
        outcome: 'rejected',
        note: '无误',
      },
      clerk,
      '2027-01-10T09:00:00+08:00',
    );
    s.run({ action: 'markStale' }, timer, '2027-03-02T00:10:00+08:00');
    s.run({ action: 'review', reviewBy: '2027-09-01' }, clerk, '2027-03-02T09:00:00+08:00');
    s.run({ action: 'retire', reason: '废止' }, supervisor, '2027-03-03T09:00:00+08:00');

    // Act
    const counts = emptyUpkeep();
    const months = new Set<string>();
    for (const event of s.all) {
      for (const c of upkeepOf(event)) counts[c] += 1;
      if (upkeepOf(event).length) months.add(upkeepMonth(event));
    }

    // Assess
    expect(counts).toEqual({
      added: 1,
      updated: 1,
      reviewedOnTime: 0,
      reviewedLate: 1,
      stale: 1,
      correctionsReported: 1,
      correctionsAnswered: 1,
      correctionsAnsweredLate: 1,
      correctionsOverdue: 0,
      retired: 1,
    });
    expect([...months]).toEqual(['2026-12', '2027-01', '2027-03']);
  });
});

describe('Shared between levels (AH:30)', () => {
  it('AH:30 a region and the regions above it, nearest first', () => {
    const regions = [
      { id: 'anhui' },
      { id: 'hefei', parentId: 'anhui' },
      { id: 'shushan', parentId: 'hefei' },
      { id: 'sanlian', parentId: 'shushan' },
    ];
    expect(regionChain(regions, 'sanlian')).toEqual(['sanlian', 'shushan', 'hefei', 'anhui']);
    expect(regionChain(regions, 'unknown')).toEqual(['unknown']);
    expect(
      regionChain(
        [
          { id: 'a', parentId: 'b' },
          { id: 'b', parentId: 'a' },
        ],
        'a',
      ),
    ).toEqual(['a', 'b']);
  });
});
