import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ReportStore } from '../../../functions/adapters/report-store.ts';
import { SignedS3Objects } from '../../../functions/adapters/s3-objects.ts';
import { type SignedS3Server, startSignedS3Server } from '../../support/signed-s3-server.ts';

/** Reports in their bucket, on a local S3 that checks signatures. */
const BUCKET = 'hotline-anhui-prod-reports';
const KEYS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
let s3: SignedS3Server;

beforeAll(async () => {
  s3 = await startSignedS3Server({
    buckets: [BUCKET],
    credentials: KEYS,
    region: 'cn-north-1',
    versioned: true,
  });
});
afterAll(() => s3.close());

const store = (credentials = KEYS) =>
  new S3ReportStore(
    BUCKET,
    new SignedS3Objects({ region: 'cn-north-1', url: s3.url }, async () => credentials),
  );

describe('Class: S3ReportStore', () => {
  it('puts a document with its content type and reads it back', async () => {
    // Act
    await store().put('monthly/2026-11.json', {
      body: '{"kind":"monthly"}',
      contentType: 'application/json',
    });
    const read = await store().get('monthly/2026-11.json');

    // Assess
    expect(s3.objects.get(`${BUCKET}/monthly/2026-11.json`)?.contentType).toBe('application/json');
    expect(read).toEqual({ body: '{"kind":"monthly"}', contentType: 'application/json' });
  });

  it('answers nothing for a report not generated yet, and passes on any other failure', async () => {
    await expect(store().get('monthly/2026-10.json')).resolves.toBeUndefined();
    await expect(store({ ...KEYS, secretAccessKey: 'wrong' }).get('monthly/2026-11.json')).rejects.toThrow(
      'SignatureDoesNotMatch',
    );
  });
});
