import { z } from 'zod';
import { isLocalDate } from '../calendar/index.ts';
import type { Actor } from '../ticket/index.ts';

/**
 * A knowledge-base entry (知识库条目) and its versions. A unit's clerks draft and update their own
 * unit's entries, the centre checks and publishes them (AH:30 多方校核, "谁提供、谁维护、谁更新");
 * every version is kept, the published one is the one that answers, retiring keeps the history.
 */

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . -');

export const basisSchema = z.strictObject({
  /** The policy document, e.g. 《住房公积金管理条例》第二十四条. */
  title: z.string().trim().min(1).max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});

export const localDateSchema = z.string().refine(isLocalDate, 'a date as YYYY-MM-DD');

/** What a version says: the answer and where it holds. */
export const entryContentSchema = z.strictObject({
  title: z.string().trim().min(2).max(120),
  /** The questions it answers, in the several ways citizens ask them. */
  questions: z.array(z.string().trim().min(2).max(200)).min(1).max(20),
  /** The standard answer (规范答复口径). */
  answer: z.string().trim().min(5).max(5000),
  basis: z.array(basisSchema).max(20).default([]),
  category: id,
  /** The region it holds for; it answers in the regions under it unless they have their own. */
  regionId: id,
  /** Public entries are open to citizens' self-service (AH:31); internal ones to staff only. */
  public: z.boolean(),
  /** The day by which the owning unit confirms it is still right. */
  reviewBy: localDateSchema,
  /** The entry of a region above that this one replaces in its own region (AH:30 shared levels). */
  localizes: id.optional(),
});
export type EntryContent = z.infer<typeof entryContentSchema>;

export type VersionState = 'draft' | 'submitted' | 'checked' | 'rejected' | 'published' | 'superseded';

export interface EntryVersion {
  version: number;
  content: EntryContent;
  state: VersionState;
  draftedBy: Actor;
  draftedAt: string;
  submittedAt?: string | undefined;
  checkedBy?: Actor | undefined;
  checkedAt?: string | undefined;
  /** The checker's reason when rejected. */
  note?: string | undefined;
  publishedAt?: string | undefined;
}

export type CorrectionReporter = 'agent' | 'citizen';

/** A report that the entry is wrong or missing something (查漏纠错, AH:30). */
export interface Correction {
  id: string;
  reporter: CorrectionReporter;
  text: string;
  /** The published version it was reported against. */
  version: number;
  reportedAt: string;
  /** The owning unit answers by then. */
  dueAt: string;
  state: 'open' | 'fixed' | 'rejected';
  /** Not answered by `dueAt`: marked by the review timer, counted against the unit's upkeep. */
  overdue?: boolean | undefined;
  answeredAt?: string | undefined;
  note?: string | undefined;
  fixedInVersion?: number | undefined;
}

export interface Entry {
  id: string;
  /** The unit that provides, maintains and updates it. */
  unitId: string;
  createdAt: string;
  /** Every version ever drafted, oldest first. */
  versions: EntryVersion[];
  /** The version that answers; absent until the first publication. */
  published?: number | undefined;
  /** The version being drafted or checked, if any. */
  working?: number | undefined;
  retired: boolean;
  retiredAt?: string | undefined;
  /** Past its review-by date without a review. */
  stale: boolean;
  staleSince?: string | undefined;
  lastReviewedAt?: string | undefined;
  /** The review the owning unit was last reminded of (the published version and its review-by). */
  reviewReminded?: { version: number; reviewBy: string; at: string } | undefined;
  corrections: Correction[];
  /** Times agents answered on the spot from it. */
  usage: number;
  /** Bumped by every change: the ETag, for optimistic concurrency. */
  revision: number;
}

export const entryIdSchema = id;

export function versionOf(entry: Entry, version: number | undefined): EntryVersion | undefined {
  return version === undefined ? undefined : entry.versions.find((v) => v.version === version);
}

export function publishedVersion(entry: Entry): EntryVersion | undefined {
  return entry.retired ? undefined : versionOf(entry, entry.published);
}

/** Where an entry stands as a whole: drafting, answering, past its review-by date, or retired. */
export const ENTRY_STATUSES = ['draft', 'published', 'stale', 'retired'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export function statusOf(entry: Entry): EntryStatus {
  if (entry.retired) return 'retired';
  if (entry.published === undefined) return 'draft';
  return entry.stale ? 'stale' : 'published';
}
