import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_OBJECT_KEY, S3IndexStore } from '../../../functions/adapters/knowledge-search/index-store.ts';
import { SignedS3Objects } from '../../../functions/adapters/s3-objects.ts';
import { type SignedS3Server, startSignedS3Server } from '../../support/signed-s3-server.ts';

/** The index in its bucket, on a local S3 that checks signatures: what each call asks and how answers are read. */
const BUCKET = 'hotline-anhui-prod-knowledgeindex';
const KEYS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
let versioned: SignedS3Server;
let unversioned: SignedS3Server;

beforeAll(async () => {
  const options = { buckets: [BUCKET], credentials: KEYS, region: 'cn-north-1' };
  versioned = await startSignedS3Server({ ...options, versioned: true });
  unversioned = await startSignedS3Server(options);
});
afterAll(async () => {
  await versioned.close();
  await unversioned.close();
});
beforeEach(() => {
  for (const server of [versioned, unversioned]) {
    server.objects.clear();
    server.requests.length = 0;
  }
});

const store = (server = versioned) =>
  new S3IndexStore(BUCKET, new SignedS3Objects({ region: 'cn-north-1', url: server.url }, async () => KEYS));

describe('Class: S3IndexStore', () => {
  it('writes the whole index as one JSON object with the build start as metadata', async () => {
    // Act
    await store().save('{"format":"kb-index/1"}', new Date('2026-12-14T01:00:00Z'));

    // Assess
    const stored = versioned.objects.get(`${BUCKET}/${INDEX_OBJECT_KEY}`);
    expect(stored?.body.toString()).toBe('{"format":"kb-index/1"}');
    expect(stored).toMatchObject({
      contentType: 'application/json',
      metadata: { 'built-from': '2026-12-14T01:00:00.000Z' },
    });
  });

  it('looks at the object with one HEAD: its version is the tag, the build start its metadata', async () => {
    // Prepare
    await store().save('{"format":"kb-index/1"}', new Date('2026-12-14T01:00:00Z'));
    versioned.requests.length = 0;

    // Act
    const head = await store().head();

    // Assess
    const version = versioned.objects.get(`${BUCKET}/${INDEX_OBJECT_KEY}`)?.versionId;
    expect(version).toMatch(/^v\d+$/);
    expect(head).toEqual({ tag: version, builtFrom: '2026-12-14T01:00:00.000Z' });
    expect(versioned.requests.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('takes the ETag for the tag where the bucket keeps no versions', async () => {
    await store(unversioned).save('{}', new Date('2026-12-14T01:00:00Z'));
    expect(await store(unversioned).head()).toEqual({
      tag: '"99914b932bd37a50b983c5e7c90ae93b"',
      builtFrom: '2026-12-14T01:00:00.000Z',
    });
  });

  it('reads the index text with the version it has', async () => {
    await store().save('{"format":"kb-index/1"}', new Date('2026-12-14T01:00:00Z'));
    await store().save('{"format":"kb-index/1","n":2}', new Date('2026-12-14T02:00:00Z'));
    const version = versioned.objects.get(`${BUCKET}/${INDEX_OBJECT_KEY}`)?.versionId;
    expect(await store().load()).toEqual({ text: '{"format":"kb-index/1","n":2}', tag: version });
  });

  it('answers nothing stored for a missing object, and raises any other refusal', async () => {
    // Act and Assess
    expect(await store().head()).toBeUndefined();
    expect(await store().load()).toBeUndefined();
    const denied = new S3IndexStore(
      BUCKET,
      new SignedS3Objects({ region: 'cn-north-1', url: versioned.url }, async () => ({
        ...KEYS,
        secretAccessKey: 'wrong',
      })),
    );
    await expect(denied.head()).rejects.toThrow('S3 403');
  });
});
