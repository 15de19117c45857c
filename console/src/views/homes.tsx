import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, currentSession, unwrap } from '../api/client.ts';
import { shanghai } from '../format.ts';
import { QueueView } from '../queue.tsx';
import { ProblemNotice, useLoad } from '../ui.tsx';
import { CalendarYears } from './calendar.tsx';
import { KnowledgeReview } from './knowledge-review.tsx';

/** A view in a chunk of its own, loaded once the home has shown. */
function useLazy(load: () => Promise<ComponentType>) {
  const [View, setView] = useState<ComponentType>();
  useEffect(() => {
    load().then((view) => setView(() => view));
  }, []);
  return View;
}

const loading = <p aria-live="polite">载入中…</p>;

/** The dispatcher's home: intake, then what awaits the centre's decision. */
export function DispatcherHome() {
  return (
    <>
      <QueueView queue="intake" dueLabel="受理时间" />
      <QueueView queue="returns" />
      <QueueView queue="extensions" />
      <QueueView queue="reviews" />
      <QueueView queue="merged" />
    </>
  );
}

/** A unit's inbox, its own tickets and those it helps on, by the unit's next duty. */
export function UnitHome() {
  return <QueueView queue="inbox" unit={currentSession()?.unitId} dueLabel="下一时限" />;
}

/** The callback queue, with when the next attempt may be made (PDS:17). */
export function CallbackHome() {
  return (
    <QueueView
      queue="callbacks"
      dueLabel="回访截止"
      extra={(item) =>
        (item as { nextAttemptAt?: string }).nextAttemptAt ? (
          <span>下次可拨打：{shanghai((item as { nextAttemptAt?: string }).nextAttemptAt)}</span>
        ) : (
          <span>可拨打</span>
        )
      }
    />
  );
}

/** The supervisor: the oversight queues, then the reports (their own chunk). */
export function SupervisorHome() {
  const Reports = useLazy(() => import('./reports.tsx').then((m) => m.Reports));
  return (
    <>
      <QueueView queue="overdue" />
      <QueueView queue="supervised" />
      <QueueView queue="escalated" />
      {Reports ? <Reports /> : loading}
    </>
  );
}

/**
 * The administrator: the knowledge base's review queue, the month's rankings (its own chunk, with
 * the chart library), the reports (their own chunk), the calendar's years and the directory.
 */
export function AdminHome() {
  const Rankings = useLazy(() => import('./rankings.tsx').then((m) => m.Rankings));
  const Reports = useLazy(() => import('./reports.tsx').then((m) => m.Reports));
  return (
    <>
      <KnowledgeReview />
      {Rankings ? <Rankings /> : loading}
      {Reports ? <Reports /> : loading}
      <CalendarYears />
      <Directory />
    </>
  );
}

function Directory() {
  const units = useLoad(async () => unwrap(await api.GET('/v1/directory/unit')), []);
  const list = ((units.data as { items?: { id: string; name: string; level: string; parentId?: string }[] })
    ?.items ?? []) as { id: string; name: string; level: string; parentId?: string }[];
  return (
    <section aria-labelledby="dir-title">
      <h2 id="dir-title">单位目录</h2>
      <ProblemNotice problem={units.problem} />
      <table>
        <thead>
          <tr>
            <th scope="col">编码</th>
            <th scope="col">名称</th>
            <th scope="col">层级</th>
            <th scope="col">上级</th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.id}>
              <td>{u.id}</td>
              <td>{u.name}</td>
              <td>{u.level}</td>
              <td>{u.parentId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The auditor: any ticket by id, its full history. */
export function AuditorHome() {
  const [id, setId] = useState('');
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">工单审计</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = `#/ticket/${id.trim()}`;
        }}
      >
        <label for="audit-id">工单编号（ID）</label>
        <input id="audit-id" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        <button type="submit">查看历史</button>
      </form>
      <p>每次查看完整个人信息都会留下审计记录（AH:34-35）。</p>
    </section>
  );
}
