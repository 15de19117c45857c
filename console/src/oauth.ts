/**
 * Sign-in in AWS: the OAuth 2.0 authorization code flow with PKCE (RFC 7636) against the deployment's
 * identity provider — Cognito's hosted sign-in where the deployment has a user pool, the province's
 * own OpenID Connect provider otherwise (the China regions). The console is a public client: no
 * secret, the code bound to this browser by the verifier. The API accepts the ID token this yields
 * (Cognito's authorizer, or the staff-authorizer function for OIDC), which carries the role and unit.
 *
 * `config.json` beside the console names the provider (written by the console's hosting stack).
 * This module is the protocol alone (no page, no storage); sign-in.ts drives it in the browser.
 */
export interface SignInConfig {
  /** The provider's issuer: its endpoints come from its discovery document when not given below. */
  issuer?: string | undefined;
  authorizationEndpoint?: string | undefined;
  tokenEndpoint?: string | undefined;
  /** Where signing out ends the provider's own session too (Cognito's `/logout`), if it has one. */
  logoutEndpoint?: string | undefined;
  clientId: string;
  scope: string;
  /** The ID token's claims that carry the hotline role and the unit id. */
  roleClaim: string;
  unitClaim: string;
}

export interface Endpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

/** A refusal on the way back from the provider, told to the person in plain words. */
export class SignInError extends Error {}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 32 random bytes: the PKCE verifier, and the state that ties the answer to this browser's request. */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier. */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The provider's endpoints: configured, or read from `<issuer>/.well-known/openid-configuration`. */
export async function endpointsOf(config: SignInConfig, fetcher: typeof fetch = fetch): Promise<Endpoints> {
  if (config.authorizationEndpoint && config.tokenEndpoint)
    return { authorizationEndpoint: config.authorizationEndpoint, tokenEndpoint: config.tokenEndpoint };
  if (!config.issuer) throw new SignInError('登录配置缺少身份提供方（issuer）');
  const res = await fetcher(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new SignInError(`无法读取身份提供方的配置（HTTP ${res.status}）`);
  const discovered = (await res.json()) as { authorization_endpoint?: string; token_endpoint?: string };
  if (!discovered.authorization_endpoint || !discovered.token_endpoint)
    throw new SignInError('身份提供方的配置缺少授权或令牌地址');
  return {
    authorizationEndpoint: discovered.authorization_endpoint,
    tokenEndpoint: discovered.token_endpoint,
  };
}

/** The provider's sign-in page for this request. */
export function authorizeUrl(
  endpoint: string,
  config: SignInConfig,
  request: { redirectUri: string; state: string; challenge: string },
): string {
  const url = new URL(endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: request.redirectUri,
    scope: config.scope,
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The claims of a JWT, unverified: only for showing who signed in; the API verifies the token. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new SignInError('身份提供方返回的令牌格式不正确');
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Who an ID token names, as the console keeps it (api/client.ts's Session). */
export interface SignedIn {
  label: string;
  role: string;
  unitId?: string | undefined;
  token: string;
  expiresAt?: number | undefined;
}

/** The session an ID token opens: the role and unit from the configured claims, who by name. */
export function sessionFromIdToken(idToken: string, config: SignInConfig): SignedIn {
  const claims = claimsOf(idToken);
  const role = claims[config.roleClaim];
  if (typeof role !== 'string' || role === '')
    throw new SignInError(`此账号未分配热线角色（令牌中没有 ${config.roleClaim}），请联系管理员`);
  const unit = claims[config.unitClaim];
  const name = [claims.name, claims.preferred_username, claims.email, claims.sub].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return {
    label: name ?? role,
    role,
    unitId: typeof unit === 'string' && unit !== '' ? unit : undefined,
    token: idToken,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
  };
}

/** Trades the code the provider sent back for tokens (the verifier proves this browser asked). */
export async function exchangeCode(
  tokenEndpoint: string,
  config: SignInConfig,
  code: string,
  pending: { verifier: string; redirectUri: string },
  fetcher: typeof fetch = fetch,
): Promise<string> {
  const res = await fetcher(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: pending.redirectUri,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const answer = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || !answer.id_token)
    throw new SignInError(`登录未完成：身份提供方拒绝了授权码（${answer.error ?? `HTTP ${res.status}`}）`);
  return answer.id_token;
}
