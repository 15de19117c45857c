import { describe, expect, it } from 'vitest';
import { inProgress } from './fixtures.ts';

describe('smoke', () => {
  it('AH:17 consultation due 2026-10-10', () => {
    const s = inProgress('anhui-2021', '2026-09-30T15:00:00+08:00', { type: 'consultation' });
    expect(s.current.clocks.handling?.deadline).toBe('2026-10-10T23:59:59+08:00');
    s.run({ action: 'informRequester', summary: 'fixed' });
    s.run({ action: 'reply', summary: 'fixed', signedOffBy: 'head' });
    s.run({ action: 'review', approve: true, note: 'ok' });
    s.at('2026-10-12T10:00:00+08:00').run({ action: 'recordCallback', outcome: 'unanswered' });
    s.at('2026-10-12T13:00:00+08:00').run({ action: 'recordCallback', outcome: 'unanswered' });
    expect(s.current.status).toBe('evaluated');
    expect(s.current.callback.satisfaction).toBe('deemedSatisfied');
  });
});
