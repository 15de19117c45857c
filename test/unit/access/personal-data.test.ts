import { describe, expect, it } from 'vitest';
import {
  maskName,
  maskPhone,
  needsAudit,
  personalDataView,
  viewRequester,
} from '../../../functions/domain/access/index.ts';
import type { Requester } from '../../../functions/domain/ticket/index.ts';
import { actor, clerkOf, headOf, scope, ticket } from './fixtures.ts';

describe('Personal data view (TN:20; AH:34-35)', () => {
  it.each(['agent', 'dispatcher', 'callbackAgent', 'admin', 'auditor'])(
    'AH:34 the centre %s, who must reach the requester or answers for the data, sees it in full',
    (role) => {
      expect(personalDataView(actor(role), ticket(), scope)).toBe('full');
      expect(personalDataView(actor(role), ticket({ confidential: true }), scope)).toBe('full');
    },
  );

  it.each(['supervisor', 'system'])('AH:34 the %s sees the requester masked', (role) => {
    expect(personalDataView(actor(role), ticket(), scope)).toBe('masked');
  });

  it('AH:15 the lead unit sees the requester in full, to contact them', () => {
    expect(personalDataView(clerkOf('district-housing'), ticket(), scope)).toBe('full');
    expect(personalDataView(headOf('city-housing'), ticket(), scope)).toBe('full');
  });

  it('TN:20 hides a confidential requester from the unit', () => {
    expect(personalDataView(clerkOf('district-housing'), ticket({ confidential: true }), scope)).toBe(
      'hidden',
    );
    expect(personalDataView(headOf('city-housing'), ticket({ confidential: true }), scope)).toBe('hidden');
    expect(personalDataView(clerkOf('district-water'), ticket({ confidential: true }), scope)).toBe('hidden');
  });

  it('AH:34 a co-unit, which only reads, sees the requester masked', () => {
    expect(personalDataView(clerkOf('district-water'), ticket(), scope)).toBe('masked');
  });

  it('AH:34 a unit that may not read the ticket, or an unknown role, sees nothing', () => {
    expect(personalDataView(clerkOf('district-planning'), ticket(), scope)).toBe('hidden');
    expect(personalDataView(actor('unitClerk'), ticket(), scope)).toBe('hidden');
    expect(personalDataView(actor('mayor'), ticket(), scope)).toBe('hidden');
  });

  it('AH:35 every full view is audited', () => {
    expect(needsAudit('full')).toBe(true);
    expect(needsAudit('masked')).toBe(false);
    expect(needsAudit('hidden')).toBe(false);
  });
});

describe('Masking (脱敏, AH:34)', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['05198888888', '051****8888'],
    ['+8613800138000', '+86*******8000'],
    ['02588888888', '025****8888'],
    ['12345678', '123*5678'],
    ['1234567', '*****67'],
    ['12345', '***45'],
  ])('maskPhone(%s) → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王', '*'],
    [' 李四 ', '李*'],
    ['𠀋一', '𠀋*'],
  ])('maskName(%s) → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  const requester: Requester = { name: '张三', phone: '13800138000', anonymous: false, confidential: true };

  it('viewRequester shows the requester in full', () => {
    const full = viewRequester(requester, 'full');
    expect(full).toEqual(requester);
    expect(full).not.toBe(requester);
  });

  it('viewRequester masks name and phone, keeping the flags', () => {
    expect(viewRequester(requester, 'masked')).toEqual({
      name: '张*',
      phone: '138****8000',
      anonymous: false,
      confidential: true,
    });
  });

  it('TN:20 viewRequester removes name and phone, keeping the flags', () => {
    const hidden = viewRequester(requester, 'hidden');
    expect(hidden).toEqual({ anonymous: false, confidential: true });
    expect('name' in hidden || 'phone' in hidden).toBe(false);
  });

  it('an anonymous requester without name or phone stays without them', () => {
    const anonymous: Requester = { anonymous: true, confidential: false };
    expect(viewRequester(anonymous, 'masked')).toEqual(anonymous);
    expect('name' in viewRequester(anonymous, 'masked')).toBe(false);
  });
});
