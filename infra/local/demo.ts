import type { StaffClaims } from '../../functions/http/identity.ts';

/**
 * Demo identities for the local runtime. Channel API keys: the value a channel sends in x-api-key,
 * mapped to the key id that API Gateway would pass on (the directory's channel entries use the id).
 */
export const DEMO_CHANNEL_KEYS: Readonly<Record<string, string>> = {
  'local-web-portal-key': 'web-portal',
  'local-wechat-key': 'wechat',
  'local-mobile-app-key': 'mobile-app',
  'local-phone-desk-key': 'phone-desk',
  'local-upper-platform-key': 'upper-platform',
};

/** One staff member per role; unit staff belong to the Shushan district urban management bureau. */
export const DEMO_STAFF: readonly StaffClaims[] = [
  { sub: 'agent-wang', 'custom:role': 'agent' },
  { sub: 'dispatcher-li', 'custom:role': 'dispatcher' },
  { sub: 'clerk-zhao', 'custom:role': 'unitClerk', 'custom:unitId': 'ss-urban' },
  { sub: 'head-sun', 'custom:role': 'unitHead', 'custom:unitId': 'ss-urban' },
  { sub: 'clerk-qian', 'custom:role': 'unitClerk', 'custom:unitId': 'bh-urban' },
  // City departments, a second ranking group (PDS:28(四)).
  { sub: 'clerk-ma', 'custom:role': 'unitClerk', 'custom:unitId': 'hf-market' },
  { sub: 'clerk-he', 'custom:role': 'unitClerk', 'custom:unitId': 'hf-env' },
  { sub: 'supervisor-zhou', 'custom:role': 'supervisor' },
  { sub: 'callback-wu', 'custom:role': 'callbackAgent' },
  { sub: 'admin-zheng', 'custom:role': 'admin' },
  { sub: 'auditor-feng', 'custom:role': 'auditor' },
];
