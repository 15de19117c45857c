import { useEffect, useState } from 'preact/hooks';
import { type ActionField, type ActionSpec, bodyOf, ROLE_ACTIONS } from '../actions.ts';
import { api, command, currentSession, type Problem, type TicketView, unwrap } from '../api/client.ts';
import { shanghai } from '../format.ts';
import { CLOCK_LABELS, LEVEL_LABELS, label, ROLE_LABELS, STATUS_LABELS, TYPE_LABELS } from '../labels.ts';
import { asProblem, Field, ProblemNotice, TimeLeft, useLoad } from '../ui.tsx';

type Unit = { id: string; name: string };

/** The ticket page: its facts, every clock, the assignment, the requester as the role may see them, the history and the role's actions. */
export function TicketPage({ id }: { id: string }) {
  const ticket = useLoad(async () => {
    const result = await api.GET('/v1/tickets/{id}', { params: { path: { id } } });
    return {
      view: unwrap(result),
      version: Number(result.response.headers.get('etag')?.replaceAll('"', '')),
    };
  }, [id]);
  const history = useLoad(
    async () =>
      unwrap(await api.GET('/v1/tickets/{id}/events', { params: { path: { id }, query: { limit: 100 } } })),
    [id, ticket.data?.version],
  );
  const units = useLoad(async () => unwrap(await api.GET('/v1/directory/unit')) as unknown, []);
  if (ticket.problem) return <ProblemNotice problem={ticket.problem} />;
  if (!ticket.data) return <p aria-live="polite">载入中…</p>;
  const { view, version } = ticket.data;
  const t = view.ticket;
  const unitList = ((units.data as { items?: Unit[] } | undefined)?.items ?? []) as Unit[];
  const role = currentSession()?.role ?? '';
  const clockList = Object.values(t.clocks).flatMap((c) =>
    c ? [[c.id, `${label(CLOCK_LABELS, c.kind)}（${shanghai(c.deadline)}）`] as const] : [],
  );
  const actions = (ROLE_ACTIONS[role] ?? []).filter((a) => a.when.includes(t.status));
  return (
    <article aria-labelledby="ticket-title">
      <h2 id="ticket-title">
        工单 {view.ticketNo} <span class="status">{label(STATUS_LABELS, t.status)}</span>
      </h2>
      <dl class="facts">
        {/* The id a merge names as its main ticket, and the auditor looks a ticket up by. */}
        <dt>工单ID</dt>
        <dd>
          <code>{t.id}</code>
        </dd>
        <dt>诉求类型</dt>
        <dd>{label(TYPE_LABELS, t.type)}</dd>
        <dt>分类</dt>
        <dd>{t.category}</dd>
        <dt>区域</dt>
        <dd>{t.regionId ?? '—'}</dd>
        <dt>受理时间</dt>
        <dd>{shanghai(t.receivedAt)}</dd>
        <dt>诉求内容</dt>
        <dd class="content">{t.content}</dd>
        <dt>诉求人</dt>
        <dd>
          {view.personalData === 'hidden'
            ? '（保密，不向承办单位显示）'
            : `${t.requester.name ?? '匿名'} ${t.requester.phone ?? ''}`}
          <span class="tag">
            {{ full: '完整（已记录查看）', masked: '已脱敏', hidden: '已隐藏' }[view.personalData]}
          </span>
        </dd>
        <dt>承办</dt>
        <dd>
          {t.assignment
            ? `主办 ${t.assignment.leadUnit}${t.assignment.coUnits.length ? `；协办 ${t.assignment.coUnits.join('、')}` : ''}（${label(LEVEL_LABELS, t.assignment.level)}）`
            : '未派单'}
        </dd>
      </dl>
      <section aria-labelledby="clocks-title">
        <h3 id="clocks-title">时限</h3>
        {Object.values(t.clocks).length === 0 ? (
          <p>无进行中的时限</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">时限</th>
                <th scope="col">截止</th>
                <th scope="col">剩余</th>
                <th scope="col">依据</th>
              </tr>
            </thead>
            <tbody>
              {Object.values(t.clocks).map((c) =>
                c ? (
                  <tr key={c.id}>
                    <td>{label(CLOCK_LABELS, c.kind)}</td>
                    <td>
                      {shanghai(c.deadline)}
                      {c.provisional ? <span class="tag warn">暂定</span> : null}
                    </td>
                    <td>
                      <TimeLeft deadline={c.deadline} provisional={c.provisional} />
                    </td>
                    <td>{c.basis}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        )}
      </section>
      {actions.length > 0 ? (
        <section aria-labelledby="actions-title">
          <h3 id="actions-title">办理</h3>
          {actions.map((spec) => (
            <ActionForm
              key={spec.action}
              spec={spec}
              id={id}
              version={version}
              units={unitList}
              clocks={clockList}
              open={actions.length <= 3}
              done={ticket.reload}
            />
          ))}
        </section>
      ) : null}
      {role === 'auditor' || role === 'admin' ? <PersonalDataReads id={id} /> : null}
      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">流转记录</h3>
        <ol class="timeline">
          {(history.data?.items ?? []).map((e) => (
            <li key={e.seq}>
              <time>{shanghai((e as { at?: string }).at)}</time> <strong>{e.type}</strong>{' '}
              <span class="who">{(e as { actor?: { role?: string } }).actor?.role ?? ''}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

type Options = readonly (readonly [string, string])[];

type Read = { actorId: string; role: string; at: string };

/**
 * Who read the requester's personal data in full, and when (AH:34-35): the auditor's list, a page at
 * a time. Shown once the ticket has loaded, so the reader's own read is on it.
 */
function PersonalDataReads({ id }: { id: string }) {
  const [pages, setPages] = useState<{ items: Read[]; cursor: string | null }>();
  const [problem, setProblem] = useState<Problem>();
  const more = async (cursor?: string) => {
    try {
      const page = unwrap(
        await api.GET('/v1/tickets/{id}/reads', {
          params: { path: { id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      );
      setPages((before) => ({
        items: [...(cursor ? (before?.items ?? []) : []), ...page.items],
        cursor: page.cursor,
      }));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  useEffect(() => {
    more();
  }, [id]);
  return (
    <section aria-labelledby="reads-title">
      <h3 id="reads-title">个人信息查阅记录</h3>
      <ProblemNotice problem={problem} />
      {pages && pages.items.length === 0 ? <p class="empty">暂无完整查阅记录</p> : null}
      {pages && pages.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">查阅时间</th>
              <th scope="col">查阅人</th>
              <th scope="col">角色</th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((r) => (
              <tr key={`${r.at}#${r.actorId}`}>
                {/* Recorded in Shanghai time with its offset: shown to the second, as two reads a minute apart differ. */}
                <td>{r.at.slice(0, 19).replace('T', ' ')}</td>
                <td>{r.actorId}</td>
                <td>{label(ROLE_LABELS, r.role)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pages?.cursor ? (
        <button type="button" onClick={() => more(pages.cursor ?? undefined)}>
          更多记录
        </button>
      ) : null}
    </section>
  );
}

function Control(props: { field: ActionField; id: string; units: Unit[]; clocks: Options }) {
  const { field, id } = props;
  const describedBy = `${id}-error`;
  if (field.kind === 'datetime')
    return <input id={id} name={field.name} type="datetime-local" aria-describedby={describedBy} />;
  if (field.kind === 'tasks')
    return (
      <textarea
        id={id}
        name={field.name}
        rows={3}
        aria-describedby={describedBy}
        placeholder="ss-urban 清理占道摊点"
      />
    );
  if (field.kind === 'textarea')
    return <textarea id={id} name={field.name} rows={2} aria-describedby={describedBy} />;
  if (field.kind === 'boolean') return <input id={id} name={field.name} type="checkbox" />;
  if (field.kind === 'workingDays')
    return <input id={id} name={field.name} type="number" min={1} max={60} aria-describedby={describedBy} />;
  if (field.kind === 'select' || field.kind === 'clock') {
    const options =
      field.kind === 'clock'
        ? props.clocks
        : (field.options ?? props.units.map((u) => [u.id, u.name] as const));
    return (
      <select id={id} name={field.name} aria-describedby={describedBy}>
        {options.map(([value, text]) => (
          <option value={value}>{text}</option>
        ))}
      </select>
    );
  }
  return <input id={id} name={field.name} aria-describedby={describedBy} />;
}

/** One command as a form under its title (a disclosure, opened by keyboard or click): sent with the version the page shows; a refusal shows next to its field or above the form. */
function ActionForm(props: {
  spec: ActionSpec;
  id: string;
  version: number;
  units: Unit[];
  clocks: Options;
  /** A role with few commands sees them open; with many, each opens from its title. */
  open: boolean;
  done: () => void;
}) {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const { spec } = props;
  const formId = `action-${spec.action}`;
  return (
    <details class="action" open={props.open} data-label={spec.label}>
      <summary id={`${formId}-title`}>{spec.label}</summary>
      <form
        aria-labelledby={`${formId}-title`}
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setProblem(undefined);
          // The element itself: the event's currentTarget is null once the command has been awaited.
          const element = e.currentTarget;
          const body = bodyOf(spec, new FormData(element));
          if (body.outcome === 'unanswered') delete body.satisfied;
          try {
            await command(props.id, props.version, spec.action, body as never);
            element.reset();
            props.done();
          } catch (error) {
            const refused = asProblem(error);
            setProblem(refused);
            // Someone else changed the ticket first: show them the ticket as it is now.
            if (refused.rule === 'version.conflict') props.done();
          } finally {
            setBusy(false);
          }
        }}
      >
        <ProblemNotice problem={problem} />
        {spec.fields.map((field) => {
          const id = `${formId}-${field.name.replace('.', '-')}`;
          return (
            <Field id={id} label={field.label} problem={problem} field={field.name}>
              <Control field={field} id={id} units={props.units} clocks={props.clocks} />
            </Field>
          );
        })}
        <button type="submit" disabled={busy}>
          {spec.label}
        </button>
      </form>
    </details>
  );
}

export type { TicketView };
