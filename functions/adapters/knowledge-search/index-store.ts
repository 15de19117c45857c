import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ObjectHead, type S3Objects, sharedS3Objects } from '../s3-objects.ts';

/** What a look at the stored index tells without reading it. */
export interface StoredIndexHead {
  /** Changes whenever the stored index does: a searcher reloads only then. */
  tag: string;
  /** When the build that wrote it began reading the table (ISO): changes committed before are in it. */
  builtFrom: string | undefined;
}

/**
 * Where the serialized search index is kept between the function that builds it (the bus calls it
 * when a published entry changes) and the functions that search it.
 */
export interface IndexStore {
  head(): Promise<StoredIndexHead | undefined>;
  load(): Promise<{ text: string; tag: string } | undefined>;
  save(text: string, builtFrom: Date): Promise<void>;
}

/** The index's object in the bucket (KNOWLEDGE_INDEX_BUCKET); the functions' grants name it. */
export const INDEX_OBJECT_KEY = 'knowledge/index.json';
const BUILT_FROM = 'built-from';

/** One process holds the index (unit tests). */
export class MemoryIndexStore implements IndexStore {
  private stored: { text: string; tag: string; builtFrom: string } | undefined;
  saves = 0;
  async head() {
    return this.stored && { tag: this.stored.tag, builtFrom: this.stored.builtFrom };
  }
  async load() {
    return this.stored && { text: this.stored.text, tag: this.stored.tag };
  }
  async save(text: string, builtFrom: Date) {
    this.saves += 1;
    this.stored = { text, tag: String(this.saves), builtFrom: builtFrom.toISOString() };
  }
}

/**
 * A file (the local runtime's data folder), written whole to a temporary name, then renamed; the
 * build's start is kept beside it (`<file>.built-from`), written after it, so that it never claims
 * more than the index holds (a crash in between only costs one more build).
 */
export class FileIndexStore implements IndexStore {
  constructor(private readonly path: string) {}
  async head() {
    if (!existsSync(this.path)) return undefined;
    const side = `${this.path}.${BUILT_FROM}`;
    return {
      tag: String(statSync(this.path).mtimeMs),
      builtFrom: existsSync(side) ? readFileSync(side, 'utf8').trim() : undefined,
    };
  }
  async load() {
    if (!existsSync(this.path)) return undefined;
    const tag = String(statSync(this.path).mtimeMs);
    return { text: readFileSync(this.path, 'utf8'), tag };
  }
  async save(text: string, builtFrom: Date) {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, text);
    renameSync(`${this.path}.tmp`, this.path);
    writeFileSync(`${this.path}.${BUILT_FROM}`, builtFrom.toISOString());
  }
}

/**
 * One object of an encrypted, versioned bucket (KNOWLEDGE_INDEX_BUCKET; encryption, versioning and
 * the expiry of old versions are the bucket's, set by the CDK stack). The tag is the object's
 * version id (its ETag where the bucket is not versioned); `head` is one HeadObject, so a searcher
 * looks often and downloads only a changed index. The build's start is object metadata.
 */
export class S3IndexStore implements IndexStore {
  constructor(
    private readonly bucket: string,
    private readonly objects: S3Objects = sharedS3Objects(),
    private readonly key = INDEX_OBJECT_KEY,
  ) {}

  async head(): Promise<StoredIndexHead | undefined> {
    const head = await this.objects.head(this.bucket, this.key);
    return head && { tag: tagOf(head), builtFrom: head.metadata[BUILT_FROM] };
  }

  async load(): Promise<{ text: string; tag: string } | undefined> {
    const stored = await this.objects.get(this.bucket, this.key);
    return stored && { text: stored.body, tag: tagOf(stored) };
  }

  async save(text: string, builtFrom: Date): Promise<void> {
    await this.objects.put(this.bucket, this.key, text, {
      contentType: 'application/json',
      metadata: { [BUILT_FROM]: builtFrom.toISOString() },
    });
  }
}

const tagOf = (head: ObjectHead) => head.versionId ?? head.etag ?? 'unversioned';
