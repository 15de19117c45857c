import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type QueueItem, type QueueName, unwrap } from './api/client.ts';
import { QUEUE_LABELS } from './labels.ts';
import { ProblemNotice, QueueTable, useLoad } from './ui.tsx';

/**
 * One work queue (GET /v1/queues/{queue}), a page at a time by its cursor, filtered by region and
 * category: the list every role works from.
 */
export function QueueView(props: {
  queue: QueueName;
  unit?: string | undefined;
  dueLabel?: string;
  extra?: (item: QueueItem, reload: () => void) => ComponentChildren;
}) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [filter, setFilter] = useState({ region: '', category: '' });
  const cursor = cursors.at(-1);
  const page = useLoad(
    async () =>
      unwrap(
        await api.GET('/v1/queues/{queue}', {
          params: {
            path: { queue: props.queue },
            query: {
              limit: 20,
              ...(cursor ? { cursor } : {}),
              ...(props.unit ? { unit: props.unit } : {}),
              ...(filter.region ? { region: filter.region } : {}),
              ...(filter.category ? { category: filter.category } : {}),
            },
          },
        }),
      ),
    [props.queue, props.unit, cursor, filter.region, filter.category],
  );
  const id = `q-${props.queue}`;
  const title = QUEUE_LABELS[props.queue] ?? props.queue;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          setCursors([undefined]);
          setFilter({
            region: String(data.get('region') ?? ''),
            category: String(data.get('category') ?? ''),
          });
        }}
      >
        <label for={`${id}-region`}>区域</label>
        <input id={`${id}-region`} name="region" placeholder="区域编码" />
        <label for={`${id}-category`}>分类</label>
        <input id={`${id}-category`} name="category" placeholder="分类编码" />
        <button type="submit">筛选</button>
      </form>
      <ProblemNotice problem={page.problem} />
      {page.data ? (
        <QueueTable
          items={page.data.items}
          caption={title}
          {...(props.dueLabel ? { dueLabel: props.dueLabel } : {})}
          {...(props.extra ? { extra: (item: QueueItem) => props.extra?.(item, page.reload) } : {})}
        />
      ) : page.loading ? (
        <p aria-live="polite">载入中…</p>
      ) : null}
      <nav class="pager" aria-label={`${title}翻页`}>
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </button>
        <button
          type="button"
          disabled={!page.data?.cursor}
          onClick={() => setCursors((c) => [...c, page.data?.cursor ?? undefined])}
        >
          下一页
        </button>
        <button type="button" onClick={page.reload}>
          刷新
        </button>
      </nav>
    </section>
  );
}
