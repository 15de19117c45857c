import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3 for tests, on a real HTTP port, path-style (`/<bucket>/<key>`): objects kept whole in
 * memory, each with its type, metadata, ETag and (in a versioned bucket) version id. It checks every
 * request's SigV4 signature as AWS documents it (canonical request, string to sign, the derived
 * key), written here from the specification rather than taken from the SDK, so that a request signed
 * wrong is refused (403 SignatureDoesNotMatch) as S3 would refuse it.
 */
export interface SignedS3Server {
  url: string;
  /** Every request, as received, with whether its signature held. */
  requests: { method: string; path: string; headers: IncomingMessage['headers']; signed: boolean }[];
  objects: Map<string, StoredTestObject>;
  close(): Promise<void>;
}

interface StoredTestObject {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  versionId?: string;
}

export async function startSignedS3Server(options: {
  buckets: string[];
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  versioned?: boolean;
}): Promise<SignedS3Server> {
  const objects = new Map<string, StoredTestObject>();
  const requests: SignedS3Server['requests'] = [];
  let versions = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signed = signatureHolds(req, body, options.credentials, options.region);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, signed });
      if (!signed) return s3Error(res, req.method, 403, 'SignatureDoesNotMatch', 'signature does not match');
      const [, bucket = '', ...keyParts] = (req.url ?? '').split('?')[0]?.split('/') ?? [];
      const key = keyParts.map(decodeURIComponent).join('/');
      if (!options.buckets.includes(bucket)) return s3Error(res, req.method, 404, 'NoSuchBucket', bucket);
      const name = `${bucket}/${key}`;
      if (req.method === 'PUT') {
        const metadata: Record<string, string> = {};
        for (const [header, value] of Object.entries(req.headers)) {
          if (header.startsWith('x-amz-meta-') && typeof value === 'string')
            metadata[header.slice(11)] = value;
        }
        const stored: StoredTestObject = {
          body,
          contentType: req.headers['content-type'] ?? 'binary/octet-stream',
          metadata,
          etag: `"${createHash('md5').update(body).digest('hex')}"`,
          ...(options.versioned && { versionId: `v${++versions}` }),
        };
        objects.set(name, stored);
        res.writeHead(200, {
          etag: stored.etag,
          ...(stored.versionId && { 'x-amz-version-id': stored.versionId }),
        });
        return res.end();
      }
      const stored = objects.get(name);
      if (!stored) return s3Error(res, req.method, 404, 'NoSuchKey', key);
      res.writeHead(200, {
        'content-type': stored.contentType,
        'content-length': stored.body.length,
        etag: stored.etag,
        ...(stored.versionId && { 'x-amz-version-id': stored.versionId }),
        ...Object.fromEntries(Object.entries(stored.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
      });
      res.end(req.method === 'HEAD' ? undefined : stored.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    objects,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** S3's error answer: an XML body (none to a HEAD, as S3 sends none). */
function s3Error(
  res: ServerResponse,
  method: string | undefined,
  status: number,
  code: string,
  message: string,
) {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    method === 'HEAD'
      ? undefined
      : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** SigV4 (AWS4-HMAC-SHA256) of a request with its signature in the Authorization header. */
function signatureHolds(
  req: IncomingMessage,
  body: Buffer,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): boolean {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  if (!match) return false;
  const [, accessKeyId, day, scopeRegion, signedHeaders = '', signature] = match;
  if (accessKeyId !== credentials.accessKeyId || scopeRegion !== region) return false;
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return false;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day ?? '-')) return false;
  const [path = '', query = ''] = (req.url ?? '').split('?');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => (pair.includes('=') ? pair : `${pair}=`))
    .sort()
    .join('&');
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return false;
  const canonicalHeaders = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [
    req.method,
    path,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = ['s3', 'aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(`AWS4${credentials.secretAccessKey}`, day ?? ''), region),
  );
  return createHmac('sha256', key).update(stringToSign).digest('hex') === signature;
}
