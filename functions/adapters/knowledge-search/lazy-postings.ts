import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

/** A term's postings as stored: field id → document short id → term frequency. */
type StoredPostings = Record<string, Record<string, number>>;

/**
 * A term's postings (field id → document short id → term frequency) that become Maps only when
 * first read: every method that reads or changes them converts them first.
 */
class LazyPostings extends Map<number, Map<number, number>> {
  private stored: StoredPostings | undefined;

  constructor(stored: StoredPostings) {
    super();
    this.stored = stored;
  }

  private convert(): void {
    const stored = this.stored;
    if (!stored) return;
    this.stored = undefined;
    for (const [fieldId, documents] of Object.entries(stored)) {
      const frequencies = new Map<number, number>();
      for (const [shortId, frequency] of Object.entries(documents))
        frequencies.set(Number(shortId), frequency);
      super.set(Number(fieldId), frequencies);
    }
  }

  override get size() {
    this.convert();
    return super.size;
  }
  override get(fieldId: number) {
    this.convert();
    return super.get(fieldId);
  }
  override has(fieldId: number) {
    this.convert();
    return super.has(fieldId);
  }
  override set(fieldId: number, value: Map<number, number>) {
    this.convert();
    return super.set(fieldId, value);
  }
  override delete(fieldId: number) {
    this.convert();
    return super.delete(fieldId);
  }
  override clear() {
    this.stored = undefined;
    super.clear();
  }
  override forEach(
    callback: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ) {
    this.convert();
    super.forEach(callback, thisArg);
  }
  override entries() {
    this.convert();
    return super.entries();
  }
  override keys() {
    this.convert();
    return super.keys();
  }
  override values() {
    this.convert();
    return super.values();
  }
  override [Symbol.iterator]() {
    return this.entries();
  }
}

/**
 * Loads a serialized MiniSearch index leaving each term's postings as parsed until a search reads
 * them. MiniSearch.loadJS converts every posting into Maps up front (2.9 million at 50,000 entries:
 * some 0.7 s of a search function's cold start), while a search reads the postings of its few terms
 * only. It fills MiniSearch's term index (`_index`, term → postings) as loadJS does, with postings
 * that convert themselves on first use; the tests of a deserialized index guard that shape.
 */
export function loadWithLazyPostings<T>(js: AsPlainObject, options: Options<T>): MiniSearch<T> {
  // Version 1 nested each field's postings one level deeper: leave it to MiniSearch.
  if (js.serializationVersion !== 2) return MiniSearch.loadJS<T>(js, options);
  const engine = MiniSearch.loadJS<T>({ ...js, index: [] }, options);
  const terms = (engine as unknown as { _index: { set(term: string, postings: LazyPostings): void } })._index;
  for (const [term, postings] of js.index) terms.set(term, new LazyPostings(postings as StoredPostings));
  return engine;
}
