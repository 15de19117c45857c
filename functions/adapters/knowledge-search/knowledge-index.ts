import MiniSearch, { type AsPlainObject } from 'minisearch';
import { segment } from './chinese-segmenter.ts';
import { loadWithLazyPostings } from './lazy-postings.ts';
import { segmentQuery } from './query-segmenter.ts';

/**
 * The search index of published knowledge-base entries (MiniSearch, BM25). Entries are segmented
 * with jieba when they are added; queries against the index's own words (query-segmenter.ts), so
 * that searching a stored index never loads jieba's dictionary. The questions' phrasings and the
 * title weigh more than the answer. A search within a region sees the entries of that region and
 * of the regions above it (AH:30: a province's entry answers in its cities), the nearer ones
 * first, and not an entry that a nearer region's entry localizes ("a city has its own").
 */

/** What the index holds of an entry: the searchable text and what a hit shows. */
export interface IndexedEntry {
  id: string;
  version: number;
  title: string;
  questions: readonly string[];
  answer: string;
  category: string;
  regionId: string;
  unitId: string;
  public: boolean;
  /** The id of the entry of a region above that this one replaces in its own region. */
  localizes?: string | undefined;
}

export interface SearchFilters {
  /** The region asked about and the regions above it, nearest first; absent = every region. */
  regionChain?: readonly string[] | undefined;
  category?: string | undefined;
  /** Public self-service sees public entries only. */
  publicOnly?: boolean | undefined;
  limit?: number | undefined;
}

export interface SearchHit {
  id: string;
  version: number;
  title: string;
  score: number;
  category: string;
  regionId: string;
  unitId: string;
  public: boolean;
}

type EntryMeta = Omit<IndexedEntry, 'questions' | 'answer'>;
interface SearchDoc {
  id: string;
  /** Segmented words, joined by WORD_SEPARATOR. */
  title: string;
  questions: string;
  answer: string;
}

export const FIELD_BOOST = { title: 3, questions: 2, answer: 1 } as const;
/** Each level further up the region chain divides the score by this much more. */
const LEVEL_PENALTY = 0.35;
const DEFAULT_LIMIT = 10;
const FORMAT = 'kb-index/1';

/**
 * A query term found in more than this share of the entries (办理, 申请 in a hotline's knowledge
 * base) is left out of the query unless the query has nothing rarer: scoring it would visit most of
 * the index for almost no information (Lucene's "common terms" cut-off).
 */
const COMMON_TERM_SHARE = 0.05;
/** Documents are added already segmented, words joined by a space; queries are segmented on search. */
const WORD_SEPARATOR = ' ';

const OPTIONS = {
  fields: ['title', 'questions', 'answer'],
  tokenize: (text: string) => text.split(WORD_SEPARATOR),
  // segment() already lower-cases and drops stop words.
  processTerm: (term: string) => term || null,
  searchOptions: { boost: { ...FIELD_BOOST }, combineWith: 'OR' as const },
};

export class KnowledgeIndex {
  private constructor(
    private readonly engine: MiniSearch<SearchDoc>,
    private readonly meta: Map<string, EntryMeta>,
    /** term → how many entries have it, for the common-terms cut-off */
    private readonly documentFrequency: Map<string, number>,
    /** entry id → the ids of the entries that localize it */
    private readonly localizers = new Map<string, Set<string>>(),
  ) {
    for (const m of meta.values()) this.noteLocalizer(m);
  }

  static empty(): KnowledgeIndex {
    return new KnowledgeIndex(new MiniSearch<SearchDoc>(OPTIONS), new Map(), new Map());
  }

  static build(entries: Iterable<IndexedEntry>): KnowledgeIndex {
    const index = KnowledgeIndex.empty();
    for (const entry of entries) index.upsert(entry);
    return index;
  }

  /** Reads what `serialize` wrote. */
  static deserialize(text: string): KnowledgeIndex {
    const parsed = JSON.parse(text) as {
      format: string;
      engine: AsPlainObject;
      meta: EntryMeta[];
      documentFrequency: [string, number][];
    };
    if (parsed.format !== FORMAT) throw new Error(`not a knowledge index of format ${FORMAT}`);
    const engine = loadWithLazyPostings<SearchDoc>(parsed.engine, OPTIONS);
    return new KnowledgeIndex(
      engine,
      new Map(parsed.meta.map((m) => [m.id, m])),
      new Map(parsed.documentFrequency),
    );
  }

  serialize(): string {
    return JSON.stringify({
      format: FORMAT,
      engine: this.engine.toJSON(),
      meta: [...this.meta.values()],
      documentFrequency: [...this.documentFrequency],
    });
  }

  get size(): number {
    return this.meta.size;
  }

  has(id: string): boolean {
    return this.meta.has(id);
  }

  /** Adds an entry or replaces its earlier version. */
  upsert(entry: IndexedEntry): void {
    if (this.meta.has(entry.id)) this.remove(entry.id);
    const { questions, answer, ...meta } = entry;
    this.meta.set(entry.id, meta);
    this.noteLocalizer(meta);
    const doc = {
      id: entry.id,
      title: segment(entry.title),
      questions: questions.flatMap((q) => segment(q)),
      answer: segment(answer),
    };
    this.countTerms(doc);
    this.engine.add({
      id: doc.id,
      title: doc.title.join(WORD_SEPARATOR),
      questions: doc.questions.join(WORD_SEPARATOR),
      answer: doc.answer.join(WORD_SEPARATOR),
    });
  }

  remove(id: string): void {
    const m = this.meta.get(id);
    if (!m) return;
    this.meta.delete(id);
    if (m.localizes) this.localizers.get(m.localizes)?.delete(id);
    // The term counts keep the removed entry's words: they only steer the common-terms cut-off,
    // and every full build counts afresh.
    this.engine.discard(id);
  }

  search(query: string, filters: SearchFilters = {}): SearchHit[] {
    const chain = filters.regionChain;
    const distance = chain ? new Map(chain.map((regionId, i) => [regionId, i])) : undefined;
    const filtered = Boolean(distance || filters.publicOnly || filters.category);
    const results = this.engine.search(this.informativeTerms(query).join(WORD_SEPARATOR), {
      // A zero boost drops an entry before it is scored (MiniSearch asks for each posting): the
      // entries of other regions, internal ones for the public, other categories cost no result.
      boostDocument: filtered
        ? (id) => {
            const m = this.meta.get(id as string);
            if (!m) return 0;
            if (filters.publicOnly && !m.public) return 0;
            if (filters.category && m.category !== filters.category) return 0;
            if (!distance) return 1;
            const own = distance.get(m.regionId);
            return own === undefined ? 0 : 1 / (1 + LEVEL_PENALTY * own);
          }
        : undefined,
      // What a boost cannot see: a nearer region's entry that replaces this one.
      filter: distance
        ? (result) => {
            const m = this.meta.get(result.id as string);
            const own = m && distance.get(m.regionId);
            return own !== undefined && !this.isLocalizedNearer(result.id as string, own, distance);
          }
        : (result) => this.meta.has(result.id as string),
    });
    return results.slice(0, filters.limit ?? DEFAULT_LIMIT).map((r) => {
      const m = this.meta.get(r.id as string) as EntryMeta;
      return {
        id: m.id,
        version: m.version,
        title: m.title,
        score: Math.round(r.score * 1000) / 1000,
        category: m.category,
        regionId: m.regionId,
        unitId: m.unitId,
        public: m.public,
      };
    });
  }

  /**
   * The query's words, less the common ones when it has rarer ones. The counted terms are the
   * index's vocabulary (a removed entry's words stay in it: they merely match nothing).
   */
  private informativeTerms(query: string): string[] {
    const terms = segmentQuery(query, this.documentFrequency);
    const limit = Math.max(1, this.meta.size * COMMON_TERM_SHARE);
    const rare = terms.filter((t) => (this.documentFrequency.get(t) ?? 0) <= limit);
    return rare.length ? rare : terms;
  }

  private countTerms(doc: { title: string[]; questions: string[]; answer: string[] }): void {
    for (const term of new Set([...doc.title, ...doc.questions, ...doc.answer])) {
      this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  /** Whether an entry of a region nearer than `own` in the chain localizes this entry. */
  private isLocalizedNearer(id: string, own: number, distance: Map<string, number>): boolean {
    for (const localizerId of this.localizers.get(id) ?? []) {
      const d = distance.get(this.meta.get(localizerId)?.regionId ?? '');
      if (d !== undefined && d < own) return true;
    }
    return false;
  }

  private noteLocalizer(m: EntryMeta): void {
    if (!m.localizes) return;
    const set = this.localizers.get(m.localizes) ?? new Set<string>();
    set.add(m.id);
    this.localizers.set(m.localizes, set);
  }
}
