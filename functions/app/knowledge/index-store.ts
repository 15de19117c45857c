import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where the serialized search index is kept between the function that builds it and the functions
 * that search it. `tag` changes whenever the stored index does, so that a searcher reloads only then.
 */
export interface IndexStore {
  tag(): Promise<string | undefined>;
  load(): Promise<{ text: string; tag: string } | undefined>;
  save(text: string): Promise<void>;
}

/** One process holds the index (tests, and the local runtime without a data folder). */
export class MemoryIndexStore implements IndexStore {
  private stored: { text: string; tag: string } | undefined;
  private saves = 0;
  async tag() {
    return this.stored?.tag;
  }
  async load() {
    return this.stored;
  }
  async save(text: string) {
    this.saves += 1;
    this.stored = { text, tag: String(this.saves) };
  }
}

/** A file (the local runtime's data folder): written whole to a temporary name, then renamed. */
export class FileIndexStore implements IndexStore {
  constructor(private readonly path: string) {}
  async tag() {
    return existsSync(this.path) ? String(statSync(this.path).mtimeMs) : undefined;
  }
  async load() {
    if (!existsSync(this.path)) return undefined;
    const tag = String(statSync(this.path).mtimeMs);
    return { text: readFileSync(this.path, 'utf8'), tag };
  }
  async save(text: string) {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, text);
    renameSync(`${this.path}.tmp`, this.path);
  }
}
