import type { Actor } from '../ticket/index.ts';
import { z } from '../zod.ts';
import type { EntryContent } from './content-schema.ts';

/**
 * A knowledge-base entry (知识库条目) and its versions. A unit's clerks draft and update their own
 * unit's entries, the centre checks and publishes them (AH:30 多方校核, "谁提供、谁维护、谁更新");
 * every version is kept, the published one is the one that answers, retiring keeps the history.
 */

const id = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . -'),
  );

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
