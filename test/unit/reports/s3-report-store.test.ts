import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ReportStore } from '../../../functions/adapters/report-store.ts';

/** Reports in their bucket, on a mocked S3 client (the SDK module is loaded on first use). */
const s3 = mockClient(S3Client);
const BUCKET = 'hotline-anhui-prod-reports';
const store = () => new S3ReportStore(BUCKET, async () => new S3Client({}));

beforeEach(() => {
  s3.reset();
});

describe('Class: S3ReportStore', () => {
  it('puts a document with its content type and reads it back', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'monthly/2026-11.json' }).resolves({
      // The SDK's stream, as far as the store reads it.
      Body: { transformToString: async () => '{"kind":"monthly"}' } as never,
      ContentType: 'application/json',
    });

    // Act
    await store().put('monthly/2026-11.json', {
      body: '{"kind":"monthly"}',
      contentType: 'application/json',
    });
    const read = await store().get('monthly/2026-11.json');

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'monthly/2026-11.json',
      Body: '{"kind":"monthly"}',
      ContentType: 'application/json',
    });
    expect(read).toEqual({ body: '{"kind":"monthly"}', contentType: 'application/json' });
  });

  it('answers nothing for a report not generated yet, and passes on any other failure', async () => {
    s3.on(GetObjectCommand, { Key: 'monthly/2026-10.json' })
      .rejects(new NoSuchKey({ message: 'none', $metadata: {} }))
      .on(GetObjectCommand, { Key: 'monthly/2026-09.json' })
      .rejects(new Error('AccessDenied'));
    await expect(store().get('monthly/2026-10.json')).resolves.toBeUndefined();
    await expect(store().get('monthly/2026-09.json')).rejects.toThrow('AccessDenied');
  });
});
