import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type S3Objects, sharedS3Objects } from './s3-objects.ts';

/** A stored rendering of a report: its text and media type. */
export interface StoredDocument {
  body: string;
  contentType: string;
}

/**
 * Where rendered reports are kept, by key (`monthly/2026-11.html`): a folder locally, an encrypted,
 * versioned bucket in AWS (a new rendering of a period is a new version of the same key).
 */
export interface ReportStore {
  put(key: string, document: StoredDocument): Promise<void>;
  get(key: string): Promise<StoredDocument | undefined>;
}

const TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A folder (the local runtime's data folder): each key a file, written whole then renamed. */
export class FileReportStore implements ReportStore {
  constructor(private readonly folder: string) {}

  async put(key: string, document: StoredDocument): Promise<void> {
    const path = join(this.folder, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, document.body);
    renameSync(`${path}.tmp`, path);
  }

  async get(key: string): Promise<StoredDocument | undefined> {
    const path = join(this.folder, key);
    if (!existsSync(path)) return undefined;
    const extension = key.slice(key.lastIndexOf('.') + 1);
    return { body: readFileSync(path, 'utf8'), contentType: TYPES[extension] ?? 'application/octet-stream' };
  }
}

/** One process keeps the reports (unit tests). */
export class MemoryReportStore implements ReportStore {
  readonly documents = new Map<string, StoredDocument>();
  async put(key: string, document: StoredDocument) {
    this.documents.set(key, document);
  }
  async get(key: string) {
    return this.documents.get(key);
  }
}

/**
 * The report bucket (REPORT_BUCKET): encryption and versioning are the bucket's, set by the CDK
 * stack; objects are written with the bucket's default encryption.
 */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly bucket: string,
    private readonly objects: S3Objects = sharedS3Objects(),
  ) {}

  async put(key: string, document: StoredDocument): Promise<void> {
    await this.objects.put(this.bucket, key, document.body, { contentType: document.contentType });
  }

  async get(key: string): Promise<StoredDocument | undefined> {
    const stored = await this.objects.get(this.bucket, key);
    return stored && { body: stored.body, contentType: stored.contentType ?? 'application/octet-stream' };
  }
}
