import type { ComponentType } from 'preact';
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { currentSession, restoreSession, type Session, signIn } from './api/client.ts';
import { setClockOffset } from './format.ts';
import { label, ROLE_LABELS } from './labels.ts';
import { beginSignIn, finishSignIn, logoutUrl, type SignInConfig, SignInError } from './sign-in.ts';
import './style.css';

/** Each role's home is its own chunk: a role's first load carries its own views only. */
const HOMES: Record<string, () => Promise<ComponentType>> = {
  agent: () => import('./views/agent.tsx').then((m) => m.AgentHome),
  dispatcher: () => import('./views/homes.tsx').then((m) => m.DispatcherHome),
  unitClerk: () => import('./views/homes.tsx').then((m) => m.UnitHome),
  unitHead: () => import('./views/homes.tsx').then((m) => m.UnitHome),
  callbackAgent: () => import('./views/homes.tsx').then((m) => m.CallbackHome),
  supervisor: () => import('./views/homes.tsx').then((m) => m.SupervisorHome),
  admin: () => import('./views/homes.tsx').then((m) => m.AdminHome),
  auditor: () => import('./views/homes.tsx').then((m) => m.AuditorHome),
};
const loadTicketPage = () => import('./views/ticket.tsx').then((m) => m.TicketPage);

function useHash() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

/** Where the console runs: `config.json` beside it says (the local server, or the deployment's bucket). */
type ConsoleConfig = { mode: 'local' } | { mode: 'aws'; signIn: SignInConfig };

/** In AWS: sign-in with the deployment's identity provider (sign-in.ts), and the way back from it. */
function SignInPage({ config, onSignedIn }: { config: SignInConfig; onSignedIn: (s: Session) => void }) {
  const [problem, setProblem] = useState<string>();
  const [returning, setReturning] = useState(true);
  useEffect(() => {
    finishSignIn(config)
      .then((s) => (s ? onSignedIn(s) : setReturning(false)))
      .catch((error: unknown) => {
        setProblem(error instanceof SignInError ? error.message : '登录失败，请重试');
        setReturning(false);
      });
  }, [config, onSignedIn]);
  if (returning) return <p aria-live="polite">正在登录…</p>;
  return (
    <section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">登录</h2>
      {problem ? <p role="alert">{problem}</p> : null}
      <button
        type="button"
        onClick={() => beginSignIn(config).catch(() => setProblem('无法连接身份提供方，请稍后重试'))}
      >
        统一身份认证登录
      </button>
    </section>
  );
}

/**
 * Locally, the role picker: the local runtime's dev tokens (`GET /_local/console`), and its virtual
 * clock, so that time left is counted from the hotline's time.
 */
function RolePicker({ onPick }: { onPick: (s: Session) => void }) {
  const [staff, setStaff] = useState<Session[]>();
  useEffect(() => {
    fetch('/_local/console').then(async (r) => setStaff(((await r.json()) as { staff: Session[] }).staff));
  }, []);
  return (
    <section aria-labelledby="pick-title">
      <h2 id="pick-title">选择角色（本地演示）</h2>
      <ul class="roles">
        {(staff ?? []).map((s) => (
          <li key={s.label}>
            <button type="button" onClick={() => onPick(s)}>
              {label(ROLE_LABELS, s.role)}
              {s.unitId ? `（${s.unitId}）` : ''} · {s.label}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Lazy({ load, props }: { load: () => Promise<ComponentType<never>>; props?: object }) {
  const [View, setView] = useState<{ C: ComponentType<never> }>();
  useEffect(() => {
    load().then((C) => setView({ C }));
  }, [load]);
  if (!View) return <p aria-live="polite">载入中…</p>;
  const C = View.C as ComponentType<object>;
  return <C {...props} />;
}

function App() {
  const [config, setConfig] = useState<ConsoleConfig>();
  useEffect(() => {
    fetch('/console/config.json').then(async (r) => {
      const loaded = (await r.json()) as ConsoleConfig;
      if (loaded.mode === 'local') {
        const clock = (await (await fetch('/_local/clock')).json()) as { now: string };
        setClockOffset(Date.parse(clock.now) - Date.now());
      }
      setConfig(loaded);
    });
  }, []);
  const [session, setSession] = useState<Session | undefined>(restoreSession());
  const hash = useHash();
  const pick = useCallback((s: Session | undefined) => {
    signIn(s);
    setSession(currentSession());
    location.hash = '#/';
  }, []);
  const signOut = () => {
    pick(undefined);
    const away = config?.mode === 'aws' ? logoutUrl(config.signIn) : undefined;
    if (away) location.assign(away);
  };
  const ticketId = /^#\/ticket\/([\w-]+)$/.exec(hash)?.[1];
  return (
    <>
      <header>
        <h1>
          <a href="#/">12345 热线工作台</a>
        </h1>
        {session ? (
          <p class="who">
            {label(ROLE_LABELS, session.role)} {session.label}
            <button type="button" onClick={signOut}>
              {config?.mode === 'aws' ? '退出登录' : '切换角色'}
            </button>
          </p>
        ) : null}
      </header>
      <main>
        {!config ? (
          <p aria-live="polite">载入中…</p>
        ) : !session ? (
          config.mode === 'aws' ? (
            <SignInPage config={config.signIn} onSignedIn={pick} />
          ) : (
            <RolePicker onPick={pick} />
          )
        ) : ticketId ? (
          <Lazy key={ticketId} load={loadTicketPage as never} props={{ id: ticketId }} />
        ) : (
          <Lazy key={session.role} load={(HOMES[session.role] ?? HOMES.auditor) as never} />
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
