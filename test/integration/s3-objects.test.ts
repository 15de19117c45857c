import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectAddress, S3RequestError, SignedS3Objects } from '../../functions/adapters/s3-objects.ts';
import { type SignedS3Server, startSignedS3Server } from '../support/signed-s3-server.ts';

/**
 * The signed S3 calls against a local S3 that checks each request's SigV4 signature from the
 * specification (test/support/signed-s3-server.ts), path-style as an endpoint set by
 * AWS_ENDPOINT_URL is reached. The SDK's own S3 client is sent to the same server first: that its
 * requests pass shows the check signs as AWS does.
 */
const BUCKET = 'hotline-anhui-prod-reports';
const REGION = 'cn-north-1';
const KEYS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret', sessionToken: 'test-session' };
let s3: SignedS3Server;

beforeAll(async () => {
  s3 = await startSignedS3Server({ buckets: [BUCKET], credentials: KEYS, region: REGION, versioned: true });
});
afterAll(() => s3.close());

const objects = (credentials = KEYS) =>
  new SignedS3Objects({ region: REGION, url: s3.url }, async () => credentials);

describe('Class: SignedS3Objects', () => {
  it("signs as the SDK's own S3 client does", async () => {
    // Prepare: an object, and the SDK's client on the same server.
    await objects().put(BUCKET, 'knowledge/index.json', '{}', { contentType: 'application/json' });
    const sdk = new S3Client({ region: REGION, endpoint: s3.url, forcePathStyle: true, credentials: KEYS });

    // Act
    const got = await sdk.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'knowledge/index.json' }));
    await sdk.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'knowledge/index.json' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('{}');
    expect(s3.requests.map((r) => r.signed)).toEqual([true, true, true]);
    // The session token is signed, as Lambda's credentials carry one.
    expect(s3.requests[0]?.headers.authorization).toContain('x-amz-security-token');
  });

  it('writes an object whole, with its type and metadata, and reads and looks at it', async () => {
    // Act
    await objects().put(BUCKET, 'knowledge/index.json', '{"format":"kb-index/1","词":"噪音"}', {
      contentType: 'application/json',
      metadata: { 'built-from': '2026-12-14T01:00:00.000Z' },
    });
    const read = await objects().get(BUCKET, 'knowledge/index.json');
    const head = await objects().head(BUCKET, 'knowledge/index.json');

    // Assess
    expect(read).toEqual({
      body: '{"format":"kb-index/1","词":"噪音"}',
      contentType: 'application/json',
      metadata: { 'built-from': '2026-12-14T01:00:00.000Z' },
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      versionId: expect.stringMatching(/^v\d+$/),
    });
    const { body: _, ...readHead } = read ?? { body: '' };
    expect(head).toEqual(readHead);
  });

  it('signs keys whose segments need encoding', async () => {
    const key = "weekly/2026-W48 (draft)/周报!'*.html";
    await objects().put(BUCKET, key, '<p>周报</p>', { contentType: 'text/html; charset=utf-8' });
    expect((await objects().get(BUCKET, key))?.body).toBe('<p>周报</p>');
    expect(s3.objects.has(`${BUCKET}/${key}`)).toBe(true);
  });

  it('answers nothing for a missing object, to a read and to a look', async () => {
    expect(await objects().get(BUCKET, 'monthly/2026-10.json')).toBeUndefined();
    expect(await objects().head(BUCKET, 'monthly/2026-10.json')).toBeUndefined();
  });

  it("raises S3's refusal with its status and code, once", async () => {
    // Prepare: a wrong secret, so the server's signature differs from the one sent.
    const wrong = objects({ ...KEYS, secretAccessKey: 'wrong' });
    const before = s3.requests.length;

    // Act
    const refusal = await wrong.get(BUCKET, 'knowledge/index.json').catch((error: unknown) => error);

    // Assess
    expect(refusal).toBeInstanceOf(S3RequestError);
    expect(refusal).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(s3.requests.length - before).toBe(1);
    // A bucket that is not there is a refusal too, not a missing object.
    await expect(objects().get('no-such-bucket', 'x.json')).rejects.toMatchObject({
      status: 404,
      code: 'NoSuchBucket',
    });
  });

  it('retries a failure on the network side, then raises it', async () => {
    const unreachable = new SignedS3Objects({ region: REGION, url: 'http://127.0.0.1:9' }, async () => KEYS);
    await expect(unreachable.get(BUCKET, 'x.json')).rejects.toThrow(/ECONNREFUSED/);
  });

  it("addresses the region's own endpoint, virtual-hosted, in AWS and in AWS China", () => {
    const target = (region: string) => objectAddress({ region }, BUCKET, 'monthly/2026-11.json');
    expect(target('cn-north-1')).toMatchObject({
      hostname: `${BUCKET}.s3.cn-north-1.amazonaws.com.cn`,
      path: '/monthly/2026-11.json',
    });
    expect(target('ap-east-1').hostname).toBe(`${BUCKET}.s3.ap-east-1.amazonaws.com`);
  });
});
