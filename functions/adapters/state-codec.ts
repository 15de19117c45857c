import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Ticket } from '../domain/ticket/index.ts';

/**
 * A ticket's state as the table stores it: JSON, deflated. Every change rewrites the state, twice
 * over inside a transaction, and DynamoDB bills writes by the kilobyte; deflating takes the usual
 * 1–3 KB of JSON under one kilobyte. (Open an item by hand with `node -e` and zlib.inflateRawSync.)
 */
export function encodeState(ticket: Ticket): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(ticket)));
}

/** Decodes the stored state: bytes from the SDK, or base64 as a stream record to Lambda carries them. */
export function decodeState(stored: Uint8Array | string): Ticket {
  const bytes = typeof stored === 'string' ? Buffer.from(stored, 'base64') : stored;
  return JSON.parse(inflateRawSync(bytes).toString('utf8'));
}
