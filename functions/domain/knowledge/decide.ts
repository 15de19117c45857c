import type { WorkingCalendar } from '../calendar/index.ts';
import { parseInstant, shanghaiDateOf, shiftLocalDate, toShanghaiIso } from '../calendar/index.ts';
import { ensure, RuleViolationError } from '../ticket/errors.ts';
import type { Actor } from '../ticket/index.ts';
import type { KnowledgeCommand, KnowledgeCommandOf } from './commands.ts';
import type { EntryContent } from './content-schema.ts';
import type { Entry } from './entry.ts';
import { publishedVersion, versionOf } from './entry.ts';
import type { KnowledgeEvent } from './events.ts';
import { ensureAllowed } from './permissions.ts';
import type { KnowledgeSettings } from './settings.ts';
import { isReminded } from './timers.ts';

/** Everything a decision on an entry depends on besides the entry and the command. */
export interface KnowledgeContext {
  now: Date;
  actor: Actor;
  calendar: WorkingCalendar;
  settings: KnowledgeSettings;
  /** The id a new entry gets (draft only). */
  newEntryId?: string;
  /** The id a new correction report gets (reportCorrection only). */
  newCorrectionId?: string;
}

type Payload<T extends KnowledgeEvent['type']> = Omit<
  Extract<KnowledgeEvent, { type: T }>,
  'type' | 'entryId' | 'unitId' | 'at' | 'by'
>;

function stamp<T extends KnowledgeEvent['type']>(
  type: T,
  entry: Pick<Entry, 'id' | 'unitId'>,
  payload: Payload<T>,
  ctx: KnowledgeContext,
): KnowledgeEvent {
  return {
    type,
    entryId: entry.id,
    unitId: entry.unitId,
    at: toShanghaiIso(ctx.now),
    by: ctx.actor,
    ...payload,
  } as unknown as KnowledgeEvent;
}

const today = (ctx: KnowledgeContext) => shanghaiDateOf(ctx.now);

/**
 * Decides what a command on an entry makes happen: the events, or a refusal naming its rule.
 * `entry` is null only for `draft` of a new entry.
 */
export function decideKnowledge(
  entry: Entry | null,
  command: KnowledgeCommand,
  ctx: KnowledgeContext,
): KnowledgeEvent[] {
  if (command.action === 'draft' && entry === null) return draftNew(command, ctx);
  if (command.action === 'import' && entry === null) return importNew(command, ctx);
  ensure(entry, 'knowledge.notFound', 'no such entry');
  ensureAllowed(command.action, ctx.actor, entry.unitId);
  ensure(!entry.retired, 'knowledge.retired', 'the entry is retired; its history is kept read-only', 'AH:30');
  switch (command.action) {
    case 'import':
      throw new RuleViolationError('knowledge.importExisting', 'an import creates a new entry');
    case 'draft':
    case 'revise':
      return revise(entry, command.content, ctx);
    case 'submit':
      return submit(entry, ctx);
    case 'check':
      return check(entry, command, ctx);
    case 'publish':
      return publish(entry, ctx);
    case 'review':
      return review(entry, command, ctx);
    case 'markStale':
      return markStale(entry, ctx);
    case 'remindReview':
      return remindReview(entry, ctx);
    case 'markCorrectionOverdue':
      return markCorrectionOverdue(entry, command, ctx);
    case 'reportCorrection':
      return reportCorrection(entry, command, ctx);
    case 'answerCorrection':
      return answerCorrection(entry, command, ctx);
    case 'retire':
      return [stamp('EntryRetired', entry, { reason: command.reason, version: entry.published }, ctx)];
  }
}

function draftNew(command: KnowledgeCommandOf<'draft'>, ctx: KnowledgeContext): KnowledgeEvent[] {
  const unitId = command.unitId ?? ctx.actor.unitId;
  ensure(unitId, 'knowledge.unitMissing', 'an entry belongs to a unit: name one', 'AH:30');
  ensureAllowed('draft', ctx.actor, unitId);
  ensure(ctx.newEntryId, 'knowledge.idMissing', 'a new entry needs an id');
  ensureReviewAhead(command.content, ctx);
  return [
    stamp('EntryDrafted', { id: ctx.newEntryId, unitId }, { version: 1, content: command.content }, ctx),
  ];
}

function importNew(command: KnowledgeCommandOf<'import'>, ctx: KnowledgeContext): KnowledgeEvent[] {
  ensureAllowed('import', ctx.actor, command.unitId);
  ensure(ctx.newEntryId, 'knowledge.idMissing', 'a new entry needs an id');
  ensureReviewAhead(command.content, ctx);
  const entry = { id: ctx.newEntryId, unitId: command.unitId };
  const drafted = stamp('EntryDrafted', entry, { version: 1, content: command.content }, ctx);
  if (!command.publish) return [drafted];
  return [
    drafted,
    stamp('VersionSubmitted', entry, { version: 1 }, ctx),
    stamp('VersionChecked', entry, { version: 1, note: 'imported: checked before import' }, ctx),
    stamp('VersionPublished', entry, { version: 1, content: command.content }, ctx),
  ];
}

function ensureReviewAhead(content: EntryContent, ctx: KnowledgeContext): void {
  ensure(
    content.reviewBy > today(ctx),
    'knowledge.reviewByPast',
    `the review-by date ${content.reviewBy} must be after today (${today(ctx)})`,
    'AH:29',
  );
}

/** A clerk edits the version in progress, or starts a new one from the published text. */
function revise(entry: Entry, content: EntryContent, ctx: KnowledgeContext): KnowledgeEvent[] {
  ensureReviewAhead(content, ctx);
  const working = versionOf(entry, entry.working);
  if (working) {
    ensure(
      working.state === 'draft' || working.state === 'rejected',
      'knowledge.underCheck',
      `version ${working.version} is ${working.state}; it can be changed once the centre has decided`,
      'AH:30',
    );
    return [stamp('DraftRevised', entry, { version: working.version, content }, ctx)];
  }
  return [stamp('EntryDrafted', entry, { version: entry.versions.length + 1, content }, ctx)];
}

function submit(entry: Entry, ctx: KnowledgeContext): KnowledgeEvent[] {
  const working = versionOf(entry, entry.working);
  ensure(
    working && (working.state === 'draft' || working.state === 'rejected'),
    'knowledge.nothingToSubmit',
    'there is no draft to submit for checking',
  );
  return [stamp('VersionSubmitted', entry, { version: working.version }, ctx)];
}

function check(entry: Entry, command: KnowledgeCommandOf<'check'>, ctx: KnowledgeContext): KnowledgeEvent[] {
  const working = versionOf(entry, entry.working);
  ensure(
    working?.state === 'submitted',
    'knowledge.notSubmitted',
    'only a version submitted by its unit is checked',
    'AH:30',
  );
  ensure(
    working.draftedBy.id !== ctx.actor.id,
    'knowledge.selfCheck',
    'a version is checked by someone other than its author (多方校核)',
    'AH:30',
  );
  if (command.outcome === 'rejected') {
    ensure(command.note, 'knowledge.rejectionReason', 'a rejection says what to change');
    return [stamp('VersionRejected', entry, { version: working.version, note: command.note }, ctx)];
  }
  return [stamp('VersionChecked', entry, { version: working.version, note: command.note }, ctx)];
}

function publish(entry: Entry, ctx: KnowledgeContext): KnowledgeEvent[] {
  const working = versionOf(entry, entry.working);
  ensure(
    working?.state === 'checked',
    'knowledge.notChecked',
    'only a checked version is published (多方校核)',
    'AH:30',
  );
  return [
    stamp(
      'VersionPublished',
      entry,
      { version: working.version, superseded: entry.published, content: working.content },
      ctx,
    ),
  ];
}

function review(
  entry: Entry,
  command: KnowledgeCommandOf<'review'>,
  ctx: KnowledgeContext,
): KnowledgeEvent[] {
  const current = publishedVersion(entry);
  ensure(current, 'knowledge.notPublished', 'only a published entry is reviewed');
  ensure(
    command.reviewBy > today(ctx),
    'knowledge.reviewByPast',
    `the next review-by date ${command.reviewBy} must be after today (${today(ctx)})`,
    'AH:29',
  );
  const onTime = !entry.stale && current.content.reviewBy >= today(ctx);
  return [
    stamp('EntryReviewed', entry, { version: current.version, reviewBy: command.reviewBy, onTime }, ctx),
  ];
}

function markStale(entry: Entry, ctx: KnowledgeContext): KnowledgeEvent[] {
  const current = publishedVersion(entry);
  ensure(current, 'knowledge.notPublished', 'only a published entry goes stale');
  ensure(!entry.stale, 'knowledge.alreadyStale', 'the entry is already flagged stale');
  ensure(
    current.content.reviewBy < today(ctx),
    'knowledge.notDue',
    `the entry is due for review on ${current.content.reviewBy}`,
    'AH:29',
  );
  return [
    stamp('EntryMarkedStale', entry, { version: current.version, reviewBy: current.content.reviewBy }, ctx),
  ];
}

function remindReview(entry: Entry, ctx: KnowledgeContext): KnowledgeEvent[] {
  const current = publishedVersion(entry);
  ensure(current, 'knowledge.notPublished', 'only a published entry is reviewed');
  ensure(!entry.stale, 'knowledge.alreadyStale', 'the entry is already flagged stale');
  const { reviewBy } = current.content;
  ensure(
    !isReminded(entry, current.version, reviewBy),
    'knowledge.alreadyReminded',
    `the unit was already reminded of the review due on ${reviewBy}`,
  );
  ensure(
    shiftLocalDate(reviewBy, -ctx.settings.reviewReminderDays) <= today(ctx),
    'knowledge.notDue',
    `the reminder is due ${ctx.settings.reviewReminderDays} days before the review-by date ${reviewBy}`,
    'AH:29',
  );
  return [stamp('ReviewReminded', entry, { version: current.version, reviewBy }, ctx)];
}

function markCorrectionOverdue(
  entry: Entry,
  command: KnowledgeCommandOf<'markCorrectionOverdue'>,
  ctx: KnowledgeContext,
): KnowledgeEvent[] {
  const correction = entry.corrections.find((c) => c.id === command.correctionId);
  ensure(correction, 'knowledge.correctionNotFound', `no correction ${command.correctionId} on this entry`);
  ensure(correction.state === 'open', 'knowledge.correctionAnswered', 'this correction is already answered');
  ensure(!correction.overdue, 'knowledge.correctionOverdue', 'this correction is already marked overdue');
  ensure(
    parseInstant(correction.dueAt) < ctx.now,
    'knowledge.notDue',
    `the owning unit has until ${correction.dueAt} to answer`,
    'AH:30',
  );
  return [stamp('CorrectionOverdue', entry, { correctionId: correction.id, dueAt: correction.dueAt }, ctx)];
}

function reportCorrection(
  entry: Entry,
  command: KnowledgeCommandOf<'reportCorrection'>,
  ctx: KnowledgeContext,
): KnowledgeEvent[] {
  const current = publishedVersion(entry);
  ensure(current, 'knowledge.notPublished', 'only a published entry can be reported wrong');
  ensure(ctx.newCorrectionId, 'knowledge.idMissing', 'a correction report needs an id');
  const due = ctx.calendar.workingDayDeadline(ctx.now, ctx.settings.correctionWorkingDays, {
    countReceiptDay: false,
  });
  return [
    stamp(
      'CorrectionReported',
      entry,
      {
        correctionId: ctx.newCorrectionId,
        reporter: ctx.actor.role === 'citizen' ? 'citizen' : 'agent',
        text: command.text,
        dueAt: toShanghaiIso(due.value),
        version: current.version,
      },
      ctx,
    ),
  ];
}

function answerCorrection(
  entry: Entry,
  command: KnowledgeCommandOf<'answerCorrection'>,
  ctx: KnowledgeContext,
): KnowledgeEvent[] {
  const correction = entry.corrections.find((c) => c.id === command.correctionId);
  ensure(correction, 'knowledge.correctionNotFound', `no correction ${command.correctionId} on this entry`);
  ensure(correction.state === 'open', 'knowledge.correctionAnswered', 'this correction is already answered');
  let fixedInVersion: number | undefined;
  if (command.outcome === 'fixed') {
    const current = publishedVersion(entry);
    ensure(
      current && current.version > correction.version,
      'knowledge.correctionNotFixed',
      `a correction is fixed by a version published after the report (version ${correction.version}); publish the corrected version first`,
      'AH:30',
    );
    fixedInVersion = current.version;
  }
  return [
    stamp(
      'CorrectionAnswered',
      entry,
      {
        correctionId: correction.id,
        outcome: command.outcome,
        note: command.note,
        late: Date.parse(correction.dueAt) < ctx.now.getTime(),
        fixedInVersion,
      },
      ctx,
    ),
  ];
}
