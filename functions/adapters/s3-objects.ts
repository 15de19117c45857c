import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * The few S3 calls the functions make (the knowledge index, stored reports): one object read, looked
 * at or written whole. They are signed by the SDK's own SigV4 signer with the default credential
 * chain, which the DynamoDB client loads anyway, and sent with node:https. The S3 client itself is
 * not used: loading it from the runtime's files costs a cold start some 30 ms (bench:init's
 * `ref-bare-client-and-s3-sdk-from-files` line), more than the rest of a knowledge function.
 */

/** An object as read: its text and what S3 answers about it. */
export interface StoredObject extends ObjectHead {
  body: string;
}

export interface ObjectHead {
  contentType: string | undefined;
  /** The version id where the bucket keeps versions. */
  versionId: string | undefined;
  etag: string | undefined;
  /** User metadata (`x-amz-meta-*`), by name without the prefix. */
  metadata: Record<string, string>;
}

export interface S3Objects {
  /** The object's head, or undefined when there is no such object. */
  head(bucket: string, key: string): Promise<ObjectHead | undefined>;
  /** The object, or undefined when there is no such object. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  put(
    bucket: string,
    key: string,
    body: string,
    options: { contentType: string; metadata?: Record<string, string> },
  ): Promise<void>;
}

/** S3's refusal of a call: its HTTP status and S3's error code (`AccessDenied`, `SlowDown`…). */
export class S3RequestError extends Error {
  override readonly name = 'S3RequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
  }
}

/** Where the calls go: the region's S3 endpoint, or one set by AWS_ENDPOINT_URL(_S3) (path-style). */
export interface S3Endpoint {
  region: string;
  /** e.g. `http://127.0.0.1:4569`; unset for AWS itself. */
  url?: string | undefined;
}

const ATTEMPTS = 3;

/**
 * node:http and node:https as CommonJS modules: an ESM `import` of node:http builds its module
 * facade, which reads every export, and one of them (WebSocket) loads Node's fetch, ~10 ms of a cold
 * start for nothing.
 */
const http = () => process.getBuiltinModule('node:http');
const https = () => process.getBuiltinModule('node:https');

export class SignedS3Objects implements S3Objects {
  private readonly signer: SignatureV4;

  constructor(
    private readonly endpoint: S3Endpoint = {
      region: process.env.AWS_REGION ?? 'us-east-1',
      url: process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL,
    },
    credentials = defaultProvider(),
  ) {
    // S3 takes the path as sent (not encoded twice) and wants the payload's hash as a header.
    this.signer = new SignatureV4({
      service: 's3',
      region: endpoint.region,
      credentials,
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: true,
    });
  }

  async head(bucket: string, key: string): Promise<ObjectHead | undefined> {
    const answer = await this.send('HEAD', bucket, key);
    return answer && headOf(answer.response);
  }

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const answer = await this.send('GET', bucket, key);
    return answer && { ...headOf(answer.response), body: answer.body.toString('utf8') };
  }

  async put(
    bucket: string,
    key: string,
    body: string,
    options: { contentType: string; metadata?: Record<string, string> },
  ): Promise<void> {
    const headers: Record<string, string> = { 'content-type': options.contentType };
    for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`x-amz-meta-${name}`] = value;
    await this.send('PUT', bucket, key, headers, Buffer.from(body, 'utf8'));
  }

  /**
   * One call, retried (with jitter) when S3 or the network fails on its side. Answers undefined for
   * a missing object (404 NoSuchKey, or a 404 to a HEAD, which has no body to say more); any other
   * refusal, a missing bucket included, is an S3RequestError.
   */
  private async send(
    method: 'GET' | 'HEAD' | 'PUT',
    bucket: string,
    key: string,
    headers: Record<string, string> = {},
    body?: Buffer,
  ): Promise<{ response: IncomingMessage; body: Buffer } | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.once(method, bucket, key, headers, body);
        const status = answer.response.statusCode ?? 0;
        if (status >= 200 && status < 300) return answer;
        const text = answer.body.toString('utf8');
        const code =
          /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? (method === 'HEAD' ? 'NotFound' : `Http${status}`);
        if (status === 404 && (code === 'NoSuchKey' || code === 'NotFound')) return undefined;
        throw new S3RequestError(status, code, /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '');
      } catch (error) {
        const retryable = !(error instanceof S3RequestError) || error.status >= 500;
        if (!retryable || attempt >= ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
      }
    }
  }

  private async once(
    method: string,
    bucket: string,
    key: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<{ response: IncomingMessage; body: Buffer }> {
    const target = objectAddress(this.endpoint, bucket, key);
    const signed = await this.signer.sign({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      path: target.path,
      query: {},
      headers: {
        ...headers,
        host: target.host,
        ...(body && { 'content-length': String(body.length) }),
      },
      body,
    });
    const send = target.protocol === 'https:' ? https().request : http().request;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          method,
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          headers: signed.headers,
          timeout: 10_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`S3 ${method} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** A request's address: virtual-hosted in AWS (and AWS China), path-style against a set endpoint. */
export function objectAddress(endpoint: S3Endpoint, bucket: string, key: string) {
  const objectPath = `/${key.split('/').map(encodeSegment).join('/')}`;
  if (endpoint.url) {
    const url = new URL(endpoint.url);
    return {
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      host: url.host,
      path: `${url.pathname.replace(/\/$/, '')}/${encodeSegment(bucket)}${objectPath}`,
    };
  }
  const { region } = endpoint;
  const hostname = `${bucket}.s3.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
  return { protocol: 'https:', hostname, port: undefined, host: hostname, path: objectPath };
}

/** RFC 3986's encoding of one path segment, as SigV4 wants it (encodeURIComponent leaves !'()* as they are). */
const encodeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function headOf(response: IncomingMessage): ObjectHead {
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice(11)] = value;
  }
  return {
    contentType: header('content-type'),
    versionId: header('x-amz-version-id'),
    etag: header('etag'),
    metadata,
  };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** The SHA-256 (or, with a secret, HMAC-SHA-256) the signer asks for, on node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

let shared: S3Objects | undefined;

/** One per process. */
export const sharedS3Objects = (): S3Objects => {
  shared ??= new SignedS3Objects();
  return shared;
};
