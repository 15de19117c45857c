import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, type Problem, type QueueItem } from './api/client.ts';
import { shanghai, workingDaysLeft } from './format.ts';
import { LEVEL_LABELS, label, STATUS_LABELS, TYPE_LABELS } from './labels.ts';
import { fieldMessage, ruleMessage } from './refusals.ts';

/**
 * What a refusal means, in Chinese by its rule (refusals.ts), with the article it rests on; the
 * API's own detail where the rule has no Chinese message.
 */
export function explain(problem: Problem): string {
  const basis = problem.basis ? `（依据：${problem.basis}）` : '';
  const message = ruleMessage(problem.rule);
  if (message) return `${message}${basis}`;
  if (problem.status === 403) return `您的角色无权执行此操作：${problem.detail}`;
  return `${problem.detail}${basis}`;
}

/** The errors an API refusal names for one field. */
export const fieldErrors = (problem: Problem | undefined, field: string) =>
  (problem?.errors ?? []).filter((e) => e.field === field || e.field.startsWith(`${field}.`));

/** A labelled form control with the API's errors for its field beside it. */
export function Field(props: {
  id: string;
  label: string;
  problem?: Problem | undefined;
  field?: string;
  children: ComponentChildren;
}) {
  const errors = fieldErrors(props.problem, props.field ?? props.id);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {errors.map((e) => (
        <p class="field-error" role="alert" id={`${props.id}-error`} title={e.message}>
          {fieldMessage(e.message)}
        </p>
      ))}
    </div>
  );
}

/** A refusal shown to the person who made it, with its rule. */
export function ProblemNotice({ problem }: { problem?: Problem | undefined }) {
  if (!problem) return null;
  return (
    <div class="problem" role="alert" data-rule={problem.rule ?? ''}>
      <strong>{problem.status === 409 ? '操作未完成' : '请求被拒绝'}</strong>
      <p>{explain(problem)}</p>
      {ruleMessage(problem.rule) && problem.rule !== 'version.conflict' ? (
        <p class="detail" lang="en">
          {problem.detail}
        </p>
      ) : null}
      {problem.rule ? <p class="rule">规则：{problem.rule}</p> : null}
    </div>
  );
}

export const asProblem = (error: unknown): Problem =>
  error instanceof ApiProblem
    ? error.problem
    : {
        type: 'about:blank',
        title: '网络错误',
        status: 0,
        detail: String((error as Error).message ?? error),
      };

/** Loads data once (and again when `deps` change), with its refusal if any. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; problem?: Problem; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ problem: asProblem(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** Time left until a deadline in working days, with the provisional mark. */
export function TimeLeft({ deadline, provisional }: { deadline: string | null; provisional?: boolean }) {
  if (!deadline) return <span>—</span>;
  const left = workingDaysLeft(deadline);
  const mark =
    provisional || left.provisional ? <abbr title="截止时间依据暂定的节假日安排">（暂定）</abbr> : null;
  if (left.days < 0) return <span class="late">已超期{mark}</span>;
  return (
    <span class={left.days <= 1 ? 'soon' : ''}>
      剩 {left.days} 个工作日{mark}
    </span>
  );
}

/** A queue's page as a table; each row opens the ticket. */
export function QueueTable(props: {
  items: QueueItem[];
  caption: string;
  dueLabel?: string;
  extra?: (item: QueueItem) => ComponentChildren;
}) {
  if (props.items.length === 0) return <p class="empty">{props.caption}：暂无工单</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">工单号</th>
          <th scope="col">类型</th>
          <th scope="col">分类</th>
          <th scope="col">状态</th>
          <th scope="col">{props.dueLabel ?? '截止时间'}</th>
          <th scope="col">剩余</th>
          <th scope="col">标记</th>
          {props.extra ? <th scope="col">操作</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr key={item.id}>
            <td>
              <a href={`#/ticket/${item.id}`}>{item.ticketNo}</a>
            </td>
            <td>{label(TYPE_LABELS, item.type)}</td>
            <td>{item.category}</td>
            <td>{label(STATUS_LABELS, item.status)}</td>
            <td>{shanghai(item.dueAt)}</td>
            <td>
              <TimeLeft deadline={item.dueAt} provisional={item.provisional} />
            </td>
            <td>
              {!item.verified ? <span class="tag warn">待核实</span> : null}
              {item.overdue ? <span class="tag late">超期</span> : null}
              {item.supervised ? <span class="tag">督办</span> : null}
              {item.escalated ? <span class="tag">升级</span> : null}
              {item.standing === 'coUnit' ? <span class="tag">协办</span> : null}
              {item.level ? <span class="tag">{label(LEVEL_LABELS, item.level)}</span> : null}
            </td>
            {props.extra ? <td>{props.extra(item)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
