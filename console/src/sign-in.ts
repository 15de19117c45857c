import type { Session } from './api/client.ts';
import {
  authorizeUrl,
  challengeOf,
  endpointsOf,
  exchangeCode,
  randomToken,
  type SignInConfig,
  SignInError,
  sessionFromIdToken,
} from './oauth.ts';

export { type SignInConfig, SignInError };

/**
 * The sign-in flow of oauth.ts in the browser: the verifier and state kept in sessionStorage while
 * the person is at the provider, the code traded on the way back, the address bar cleaned.
 */

/** What the console keeps between leaving for the provider and coming back. */
interface PendingSignIn {
  state: string;
  verifier: string;
  redirectUri: string;
}
const PENDING_KEY = 'hotline.signIn';

/** Leaves for the provider's sign-in page; it sends the browser back here with a code. */
export async function beginSignIn(config: SignInConfig): Promise<void> {
  const { authorizationEndpoint } = await endpointsOf(config);
  const pending: PendingSignIn = {
    state: randomToken(),
    verifier: randomToken(),
    redirectUri: `${location.origin}${location.pathname}`,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(
    authorizeUrl(authorizationEndpoint, config, {
      ...pending,
      challenge: await challengeOf(pending.verifier),
    }),
  );
}

/**
 * Back from the provider: the session its code opens, or undefined when this page load is not a
 * return from it. The code and state leave the address bar either way.
 */
export async function finishSignIn(config: SignInConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  const kept = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (error) throw new SignInError(`身份提供方未完成登录：${params.get('error_description') ?? error}`);
  const pending = kept ? (JSON.parse(kept) as PendingSignIn) : undefined;
  if (!pending || pending.state !== params.get('state'))
    throw new SignInError('登录请求与本浏览器不符（state 不一致），请重新登录');
  const { tokenEndpoint } = await endpointsOf(config);
  const idToken = await exchangeCode(tokenEndpoint, config, code ?? '', pending);
  return sessionFromIdToken(idToken, config);
}

/** Where signing out sends the browser: the provider's logout, back to the console; or nowhere. */
export function logoutUrl(config: SignInConfig): string | undefined {
  if (!config.logoutEndpoint) return undefined;
  const url = new URL(config.logoutEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: `${location.origin}${location.pathname}`,
  }).toString();
  return url.toString();
}
