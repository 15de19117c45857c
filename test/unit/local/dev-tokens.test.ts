import { type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_TOKEN_ISSUER, signDevToken, verifyDevToken } from '../../../infra/local/dev-tokens.ts';

const SECRET = 'local-token-secret-0123456789abcdef';
const NOW = Date.UTC(2026, 10, 2, 2);
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A token signed with the local secret, with exactly the claims given (no defaults added). */
const signed = (claims: JWTPayload) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

const valid = {
  sub: 'dispatcher-1',
  'custom:role': 'dispatcher',
  iss: DEV_TOKEN_ISSUER,
  iat: seconds(NOW) - 60,
  exp: seconds(NOW) + 3600,
};

describe('Local dev tokens: the rules of the AWS staff authorizer', () => {
  it('accepts what it signed: the claims the Cognito authorizer would pass', async () => {
    // Prepare
    const token = await signDevToken(
      { sub: 'clerk-1', 'custom:role': 'unitClerk', 'custom:unitId': 'district-housing' },
      SECRET,
      3600,
      NOW,
    );

    // Act
    const claims = await verifyDevToken(token, SECRET, NOW);

    // Assess
    expect(claims).toEqual({
      sub: 'clerk-1',
      'custom:role': 'unitClerk',
      'custom:unitId': 'district-housing',
    });
  });

  it.each<[string, () => Promise<string>]>([
    ['the workflows’ system role', () => signed({ ...valid, 'custom:role': 'system' })],
    ['an unknown role', () => signed({ ...valid, 'custom:role': 'mayor' })],
    ['a unit role without a unit', () => signed({ ...valid, 'custom:role': 'unitHead' })],
    [
      'a unit that is not a unit id',
      () => signed({ ...valid, 'custom:role': 'unitHead', 'custom:unitId': '' }),
    ],
    ['another issuer', () => signed({ ...valid, iss: 'https://evil.example' })],
    ['no issuer', () => signed({ ...valid, iss: undefined })],
    ['iat in the year 3000', () => signed({ ...valid, iat: seconds(Date.UTC(3000, 0, 1)) })],
    ['no exp', () => signed({ ...valid, exp: undefined })],
    ['an expired token', () => signed({ ...valid, exp: seconds(NOW) - 120 })],
    ['no sub', () => signed({ ...valid, sub: undefined })],
    [
      'another secret',
      () =>
        new SignJWT(valid)
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode('x'.repeat(32))),
    ],
    ['an unsecured token (alg none)', async () => new UnsecuredJWT(valid).encode()],
    ['a malformed token', async () => 'not.a.jwt'],
  ])('refuses %s', async (_, make) => {
    // Act
    const claims = await verifyDevToken(await make(), SECRET, NOW);

    // Assess
    expect(claims).toBeUndefined();
  });
});
