import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Ticket } from '../domain/ticket/index.ts';

/**
 * A ticket's state as the table stores it: JSON, deflated against a preset dictionary. Every change
 * rewrites the state inside a transaction, and DynamoDB bills transactional writes at 2 units per
 * started kilobyte of the item; a ticket's JSON (1–1.6 KB) deflates to some 650 bytes on its own,
 * which with the item's keys went past one kilobyte, and to some 250 against a dictionary that
 * holds the names and common values every ticket repeats.
 *
 * The dictionary is part of the stored format: changing it would make every stored state unreadable.
 * A better one needs a new attribute (or a version marker) beside this one. States deflated without
 * a dictionary (written before it) inflate the same with it: they never refer back into it.
 * (Open an item by hand with `node -e` and zlib.inflateRawSync(state, { dictionary }).)
 */
export const STATE_DICTIONARY = Buffer.from(
  JSON.stringify({
    handOver: { body: '', bodyName: '', approvedBy: '', basis: '', at: '' },
    instruction: { leader: '', text: '', at: '' },
    refusal: { ground: '', basis: '', explanation: '', referral: { body: '', contact: '' } },
    answer: {
      text: '',
      method: 'knowledgeBase',
      at: '',
      citations: [{ entryId: '', version: 1, title: '' }],
    },
    coordination: { at: '', units: [], tasks: [{ unitId: '', task: '', doneAt: '' }] },
    returnRequest: { reason: '', legalBasis: '', requestedAt: '' },
    plan: { leader: '', contact: '', progress: '', plan: '', at: '' },
    signOff: { by: { id: '', role: 'unitLeader', unitId: '' }, at: '' },
    extensionToldAt: '',
    legalLimit: { limit: { workingDays: 1 }, basis: '' },
    subject: { unitId: '', person: '' },
    mergedInto: '',
    duplicates: [],
    repeatOf: '',
    classId: '',
    supervision: { open: ['overdue', 'higherLevel', 'repeated', 'concentrated', 'keyTicket'] },
    id: '',
    version: 1,
    status: 'inProgress',
    policy: { id: 'anhui-2021', version: 1 },
    channel: 'web',
    type: 'complaint',
    category: '',
    regionId: '',
    priority: 'ordinary',
    content: '',
    requester: { anonymous: false, confidential: false },
    receivedAt: '2026-01-01T09:00:00+08:00',
    verified: true,
    clocks: {
      contact: {
        id: 'contact-v2',
        kind: 'contact',
        startedAt: '2026-01-01T09:00:00+08:00',
        deadline: '2026-01-01T23:59:59+08:00',
        provisional: false,
        basis: 'AH:17',
        counted: { from: '2026-01-01T09:00:00+08:00', duration: { hours: 1 } },
        why: 'the handling limit',
      },
      handling: { id: 'handling-v2', kind: 'handling', startedAt: '', deadline: '', provisional: false },
      return: { id: 'return-v2', kind: 'return', basis: 'AH:16' },
      callback: { id: 'callback-v7', kind: 'callback', counted: { duration: { workingDays: 1 } } },
    },
    overdue: false,
    extensions: {
      granted: 0,
      requested: 0,
      pending: { length: { workingDays: 1 }, reason: '', requestedAt: '' },
    },
    reworkCount: 0,
    callback: {
      attempts: [{ at: '', outcome: 'unanswered' }],
      judgedOnLaw: false,
      satisfaction: 'satisfied',
    },
    escalations: [],
    abuseFlagged: false,
    timersFired: [],
    firstLimit: { workingDays: 10 },
    assignment: {
      leadUnit: '',
      coUnits: [],
      level: 'county',
      dispatchedAt: '',
      deemedAccepted: false,
      signedAt: '',
      contactedAt: '',
    },
    requesterInformedAt: '',
    reply: { summary: '', at: '' },
  }),
);

export function encodeState(ticket: Ticket): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(ticket)), { dictionary: STATE_DICTIONARY });
}

/** Decodes the stored state: bytes from the SDK, or base64 as a stream record to Lambda carries them. */
export function decodeState(stored: Uint8Array | string): Ticket {
  const bytes = typeof stored === 'string' ? Buffer.from(stored, 'base64') : stored;
  return JSON.parse(inflateRawSync(bytes, { dictionary: STATE_DICTIONARY }).toString('utf8'));
}
