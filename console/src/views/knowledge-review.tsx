import { useState } from 'preact/hooks';
import { api, type Problem, unwrap } from '../api/client.ts';
import type { components, operations } from '../api/schema.d.ts';
import { shanghai } from '../format.ts';
import { asProblem, ProblemNotice, useLoad } from '../ui.tsx';

type Item =
  operations['knowledgeReviewQueue']['responses'][200]['content']['application/json']['items'][number];
type Entry = components['schemas']['KnowledgeEntry'];

const STATES = { submitted: '待校核', checked: '已校核待发布' } as const;

/** One command on the entry at the revision the list showed (If-Match): the entry after it. */
async function entryCommand(
  id: string,
  revision: number,
  body: { action: 'check'; outcome: 'approved' | 'rejected'; note?: string } | { action: 'publish' },
): Promise<Entry> {
  const header = { 'If-Match': `"${revision}"` };
  const result =
    body.action === 'publish'
      ? await api.POST('/v1/knowledge/{id}/publish', { params: { path: { id }, header }, body: {} })
      : await api.POST('/v1/knowledge/{id}/check', {
          params: { path: { id }, header },
          body: { outcome: body.outcome, ...(body.note ? { note: body.note } : {}) },
        });
  return unwrap(result);
}

type Content = {
  title: string;
  questions: string[];
  answer: string;
  basis?: { title: string; url?: string }[];
  category: string;
  regionId: string;
  public: boolean;
  reviewBy: string;
};

/** The text of the version under review, read when the reviewer opens it (the queue carries only its title). */
function VersionText({ id, version }: { id: string; version: number }) {
  const entry = useLoad(
    async () => unwrap(await api.GET('/v1/knowledge/{id}', { params: { path: { id } } })),
    [id],
  );
  const content = (
    entry.data?.versions.find((v) => v.version === version) as { content?: Content } | undefined
  )?.content;
  if (entry.problem) return <ProblemNotice problem={entry.problem} />;
  if (!content) return <p aria-live="polite">载入中…</p>;
  return (
    <dl class="version-text">
      <dt>常见问法</dt>
      <dd>{content.questions.join('；')}</dd>
      <dt>答复口径</dt>
      <dd>{content.answer}</dd>
      <dt>政策依据</dt>
      <dd>{content.basis?.length ? content.basis.map((b) => b.title).join('；') : '—'}</dd>
      <dt>分类 · 区域</dt>
      <dd>
        {content.category} · {content.regionId} · {content.public ? '公开' : '内部'} · 复核期限{' '}
        {content.reviewBy}
      </dd>
    </dl>
  );
}

/** A title that opens the version's text. */
function Title({ item }: { item: Item }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{item.title}</summary>
      {open ? <VersionText id={item.id} version={item.version} /> : null}
    </details>
  );
}

/**
 * The knowledge base's review queue (多方校核, AH:30): versions the units submitted, across units,
 * oldest first. 通过并发布 checks and publishes a submitted version (a checked one is published),
 * 退回修改 sends it back to its unit with what to change.
 */
export function KnowledgeReview() {
  const [cursor, setCursor] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Record<string, string>>({});
  const queue = useLoad(
    async () =>
      unwrap(await api.GET('/v1/knowledge/review', { params: { query: cursor ? { cursor } : {} } })),
    [cursor],
  );
  const units = useLoad(async () => unwrap(await api.GET('/v1/directory/unit')), []);
  const unitName = new Map(
    ((units.data as { items?: { id: string; name: string }[] } | undefined)?.items ?? []).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const act = async (item: Item, what: 'publish' | 'sendBack') => {
    setProblem(undefined);
    try {
      if (what === 'sendBack') {
        await entryCommand(item.id, item.revision, {
          action: 'check',
          outcome: 'rejected',
          note: notes[item.id]?.trim() ?? '',
        });
        setDone((d) => ({ ...d, [item.id]: '已退回' }));
        return;
      }
      let revision = item.revision;
      if (item.state === 'submitted') {
        revision = (await entryCommand(item.id, revision, { action: 'check', outcome: 'approved' })).revision;
      }
      await entryCommand(item.id, revision, { action: 'publish' });
      setDone((d) => ({ ...d, [item.id]: '已发布' }));
    } catch (error) {
      setProblem(asProblem(error));
      queue.reload();
    }
  };
  const items = queue.data?.items ?? [];
  return (
    <section aria-labelledby="kb-review-title">
      <h2 id="kb-review-title">知识库待审核</h2>
      <ProblemNotice problem={queue.problem ?? problem} />
      {items.length === 0 && !queue.loading ? <p class="empty">暂无待审核的知识条目</p> : null}
      {items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">标题</th>
              <th scope="col">单位</th>
              <th scope="col">版本</th>
              <th scope="col">提交时间</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Title item={item} />
                </td>
                <td>{unitName.get(item.unitId) ?? item.unitId}</td>
                <td>第{item.version}版</td>
                <td>{shanghai(item.submittedAt)}</td>
                <td>{STATES[item.state]}</td>
                <td>
                  {done[item.id] ? (
                    <span role="status">{done[item.id]}</span>
                  ) : (
                    <>
                      <button type="button" onClick={() => void act(item, 'publish')}>
                        {item.state === 'submitted' ? '通过并发布' : '发布'}
                      </button>
                      {item.state === 'submitted' ? (
                        <>
                          <label for={`kb-note-${item.id}`}>退回意见</label>
                          <input
                            id={`kb-note-${item.id}`}
                            value={notes[item.id] ?? ''}
                            onInput={(e) => {
                              const value = e.currentTarget.value;
                              setNotes((n) => ({ ...n, [item.id]: value }));
                            }}
                          />
                          <button type="button" onClick={() => void act(item, 'sendBack')}>
                            退回修改
                          </button>
                        </>
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {queue.data?.cursor ? (
        <button type="button" onClick={() => setCursor(queue.data?.cursor ?? undefined)}>
          下一页
        </button>
      ) : null}
    </section>
  );
}
