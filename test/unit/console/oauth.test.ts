import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  challengeOf,
  endpointsOf,
  exchangeCode,
  randomToken,
  type SignInConfig,
  SignInError,
  sessionFromIdToken,
} from '../../../console/src/oauth.ts';

const config: SignInConfig = {
  issuer: 'https://id.anhui.example.gov.cn/realms/hotline',
  clientId: 'hotline-staff-desk',
  scope: 'openid profile email',
  roleClaim: 'hotline_role',
  unitClaim: 'hotline_unit',
};

/** An unsigned JWT with these claims (the console never verifies; the API does). */
function idToken(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

const answer = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('Console sign-in (authorization code with PKCE)', () => {
  it('makes the S256 challenge of RFC 7636 from a random 43-character verifier', async () => {
    // Prepare
    const verifier = randomToken();

    // Act
    const challenge = await challengeOf(verifier);

    // Assess
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(randomToken()).not.toBe(verifier);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    // RFC 7636 appendix B's example
    await expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it("sends the browser to the provider's sign-in page with the client, return address, state and challenge", () => {
    // Act
    const url = new URL(
      authorizeUrl('https://id.anhui.example.gov.cn/realms/hotline/protocol/openid-connect/auth', config, {
        redirectUri: 'https://console.example.gov.cn/',
        state: 'st',
        challenge: 'ch',
      }),
    );

    // Assess
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'hotline-staff-desk',
      redirect_uri: 'https://console.example.gov.cn/',
      scope: 'openid profile email',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });

  it("reads the endpoints from the issuer's discovery document unless they are configured", async () => {
    // Prepare
    const fetcher = vi.fn(async () =>
      answer(200, { authorization_endpoint: 'https://id/auth', token_endpoint: 'https://id/token' }),
    );

    // Act
    const discovered = await endpointsOf(config, fetcher as typeof fetch);
    const configured = await endpointsOf(
      { ...config, authorizationEndpoint: 'https://c/authorize', tokenEndpoint: 'https://c/token' },
      fetcher as typeof fetch,
    );

    // Assess
    expect(fetcher).toHaveBeenCalledOnce();
    expect(fetcher).toHaveBeenCalledWith(
      'https://id.anhui.example.gov.cn/realms/hotline/.well-known/openid-configuration',
    );
    expect(discovered).toEqual({
      authorizationEndpoint: 'https://id/auth',
      tokenEndpoint: 'https://id/token',
    });
    expect(configured).toEqual({
      authorizationEndpoint: 'https://c/authorize',
      tokenEndpoint: 'https://c/token',
    });
  });

  it('trades the code for the ID token with the verifier, as a public client (no secret)', async () => {
    // Prepare
    const fetcher = vi.fn(async (_url: string, _init?: RequestInit) =>
      answer(200, { id_token: 'the-id-token' }),
    );

    // Act
    const token = await exchangeCode(
      'https://id/token',
      config,
      'the-code',
      { verifier: 'the-verifier', redirectUri: 'https://console.example.gov.cn/' },
      fetcher as unknown as typeof fetch,
    );

    // Assess
    expect(token).toBe('the-id-token');
    const [url, init] = fetcher.mock.calls[0] ?? [];
    expect(url).toBe('https://id/token');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'hotline-staff-desk',
      code: 'the-code',
      redirect_uri: 'https://console.example.gov.cn/',
      code_verifier: 'the-verifier',
    });
  });

  it('says in plain words when the provider refuses the code, or the account has no hotline role', async () => {
    // Prepare
    const refusing = async () => answer(400, { error: 'invalid_grant' });

    // Act
    const exchanged = exchangeCode(
      'https://id/token',
      config,
      'old',
      { verifier: 'v', redirectUri: 'r' },
      refusing,
    );
    const roleless = () => sessionFromIdToken(idToken({ sub: 'u1', exp: 2 }), config);

    // Assess
    await expect(exchanged).rejects.toThrow(SignInError);
    await expect(exchanged).rejects.toThrow(/invalid_grant/);
    expect(roleless).toThrow(/hotline_role/);
  });

  it('opens a session with the role and unit of the configured claims, the name, and the expiry', () => {
    // Prepare
    const token = idToken({
      sub: 'u1',
      name: '王芳',
      hotline_role: 'unitClerk',
      hotline_unit: 'ss-urban',
      exp: 1_900_000_000,
    });

    // Act
    const session = sessionFromIdToken(token, config);

    // Assess
    expect(session).toEqual({
      label: '王芳',
      role: 'unitClerk',
      unitId: 'ss-urban',
      token,
      expiresAt: 1_900_000_000_000,
    });
  });
});
