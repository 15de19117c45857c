import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../functions/adapters/state-codec.ts';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import { commandSchema, decide, evolve, type Ticket } from '../../../functions/domain/ticket/index.ts';

const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();

/** A ticket registered and dispatched, with its running clocks (the usual size of a stored state). */
function dispatchedTicket(): Ticket {
  const ctx = (at: string) => ({
    policy,
    calendar,
    now: new Date(at),
    actor: { id: 'dispatcher-1', role: 'dispatcher' },
    newTicketId: 'c0a8e1f2-3b4c-4d5e-8f90-123456789abc',
  });
  const register = commandSchema.parse({
    action: 'register',
    channel: 'web',
    type: 'complaint',
    category: 'street-vendors',
    regionId: 'shushan',
    content: '路口占道经营，影响通行',
    requester: { anonymous: false, name: '王五', phone: '13900000001' },
  });
  const received = decide(null, register, ctx('2026-11-02T01:00:00Z')).reduce<Ticket | null>(evolve, null);
  const dispatch = commandSchema.parse({ action: 'dispatch', leadUnit: 'ss-urban', level: 'county' });
  return decide(received, dispatch, ctx('2026-11-02T02:00:00Z')).reduce(evolve, received) as Ticket;
}

describe('state codec', () => {
  it('gives back the ticket it stored, in well under the half kilobyte', () => {
    // Prepare
    const ticket = dispatchedTicket();
    // Act
    const stored = encodeState(ticket);
    // Assess
    expect(decodeState(stored)).toEqual(ticket);
    expect(decodeState(Buffer.from(stored).toString('base64'))).toEqual(ticket);
    expect(Object.keys(ticket.clocks).length).toBeGreaterThan(0);
    expect(stored.byteLength).toBeLessThan(400);
    expect(stored.byteLength).toBeLessThan(
      deflateRawSync(Buffer.from(JSON.stringify(ticket))).byteLength * 0.6,
    );
  });

  it('reads a state deflated without the dictionary, as written before it', () => {
    // Prepare
    const ticket = dispatchedTicket();
    // Act
    const stored = deflateRawSync(Buffer.from(JSON.stringify(ticket)));
    // Assess
    expect(decodeState(stored)).toEqual(ticket);
  });
});
