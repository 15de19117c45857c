import { publishedVersion } from '../../domain/knowledge/index.ts';
import { type Command, RuleViolationError, type TicketEvent } from '../../domain/ticket/index.ts';
import type { KnowledgeStore } from './context.ts';

/** What checking and counting citations needs of the knowledge base. */
export type CitedEntries = Pick<KnowledgeStore, 'load' | 'countUsage'>;

/**
 * An answer on the spot from the knowledge base cites published entries (AH:12(一), AH:30): each
 * citation is checked against the table and completed with the published version and title; an
 * absent answer is the first entry's standard answer, so that the agent's search → answer is one
 * call. A draft, a retired entry or an outdated version is refused, naming the rule.
 */
export async function resolveCitations(
  entries: CitedEntries | undefined,
  command: Command,
): Promise<Command> {
  if (command.action !== 'answerOnSpot' || command.method !== 'knowledgeBase' || !command.citations) {
    return command;
  }
  if (!entries) {
    throw new RuleViolationError(
      'answerOnSpot.citationNotPublished',
      'this service cannot read the knowledge base to check the citations',
      'AH:30',
    );
  }
  const resolved = [];
  let standardAnswer: string | undefined;
  for (const citation of command.citations) {
    const entry = await entries.load(citation.entryId);
    const current = entry && publishedVersion(entry);
    if (!current) {
      throw new RuleViolationError(
        'answerOnSpot.citationNotPublished',
        `knowledge entry ${citation.entryId} is not published (unknown, a draft or retired); only published entries answer`,
        'AH:30',
      );
    }
    if (citation.version !== undefined && citation.version !== current.version) {
      throw new RuleViolationError(
        'answerOnSpot.citationOutdated',
        `version ${citation.version} of entry ${citation.entryId} is not the published one (${current.version}); search again`,
        'AH:30',
      );
    }
    standardAnswer ??= current.content.answer;
    resolved.push({ entryId: citation.entryId, version: current.version, title: current.content.title });
  }
  return { ...command, citations: resolved, answer: command.answer ?? standardAnswer };
}

/** Counts an answer given from each cited entry (its usage, per version). */
export async function countCitations(entries: CitedEntries, events: readonly TicketEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type !== 'AnsweredOnSpot') continue;
    for (const c of event.citations ?? []) {
      if (c.version !== undefined) await entries.countUsage(c.entryId, c.version);
    }
  }
}
