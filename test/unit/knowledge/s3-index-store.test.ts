import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { INDEX_OBJECT_KEY, S3IndexStore } from '../../../functions/adapters/knowledge-search/index-store.ts';

/** The index in its bucket, on a mocked S3 client: what each call asks and how answers are read. */
const s3 = mockClient(S3Client);
const BUCKET = 'hotline-anhui-prod-knowledgeindex';
const store = () => new S3IndexStore(BUCKET, async () => new S3Client({}));

beforeEach(() => {
  s3.reset();
});

describe('Class: S3IndexStore', () => {
  it('looks at the object with one HeadObject: its version is the tag, the build start its metadata', async () => {
    // Prepare
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: INDEX_OBJECT_KEY }).resolves({
      VersionId: 'v7',
      ETag: '"abc"',
      Metadata: { 'built-from': '2026-12-14T01:00:00.000Z' },
    });

    // Act
    const head = await store().head();

    // Assess
    expect(head).toEqual({ tag: 'v7', builtFrom: '2026-12-14T01:00:00.000Z' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('takes the ETag for the tag where the bucket keeps no versions', async () => {
    s3.on(HeadObjectCommand).resolves({ ETag: '"abc"' });
    expect(await store().head()).toEqual({ tag: '"abc"', builtFrom: undefined });
  });

  it('answers nothing stored for a missing object, and raises any other refusal', async () => {
    // Prepare
    s3.on(HeadObjectCommand).rejectsOnce(
      new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(GetObjectCommand).rejectsOnce(new NoSuchKey({ message: 'no such key', $metadata: {} }));

    // Act and Assess
    expect(await store().head()).toBeUndefined();
    expect(await store().load()).toBeUndefined();
    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'denied',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(store().head()).rejects.toThrow('denied');
  });

  it('reads the index text with the version it has', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: INDEX_OBJECT_KEY }).resolves({
      VersionId: 'v8',
      // The SDK's stream body, as far as the store reads it.
      Body: {
        transformToString: async (encoding?: string) =>
          encoding === 'utf-8' ? '{"format":"kb-index/1"}' : '',
      } as never,
    });

    // Act
    const loaded = await store().load();

    // Assess
    expect(loaded).toEqual({ text: '{"format":"kb-index/1"}', tag: 'v8' });
  });

  it('writes the whole index as one JSON object with the build start as metadata', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ VersionId: 'v9' });

    // Act
    await store().save('{"format":"kb-index/1"}', new Date('2026-12-14T01:00:00Z'));

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: INDEX_OBJECT_KEY,
      Body: '{"format":"kb-index/1"}',
      ContentType: 'application/json',
      Metadata: { 'built-from': '2026-12-14T01:00:00.000Z' },
    });
  });
});
