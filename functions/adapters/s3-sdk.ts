import type { S3Client } from '@aws-sdk/client-s3';

/**
 * The S3 SDK, loaded on first use rather than with the function: its module takes some 30 ms to
 * load, which a cold start should pay only when its request reads or writes an object.
 */
export const s3Sdk = () => import('@aws-sdk/client-s3');

let client: Promise<S3Client> | undefined;

/** One S3 client per process, made on first use. */
export function sharedS3Client(): Promise<S3Client> {
  client ??= s3Sdk().then((sdk) => new sdk.S3Client({}));
  return client;
}
