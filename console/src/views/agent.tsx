import { useState } from 'preact/hooks';
import { api, type Problem, unwrap } from '../api/client.ts';
import { asProblem, Field, ProblemNotice } from '../ui.tsx';

type Hit = { id: string; version: number; title: string; score: number; answer?: string };

/** The agent's home: register a request, with the knowledge base beside the form (AH:12(一)). */
export function AgentHome() {
  const [problem, setProblem] = useState<Problem>();
  const [created, setCreated] = useState<{ id: string; ticketNo: string; queryCode: string }>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const search = async (q: string) => {
    setQuery(q);
    if (q.trim().length < 2) return setHits([]);
    const found = unwrap(await api.GET('/v1/knowledge/search', { params: { query: { q, limit: 5 } } })) as {
      hits: Hit[];
    };
    setHits(found.hits);
  };
  return (
    <div class="split">
      <section aria-labelledby="register-title">
        <h2 id="register-title">登记诉求</h2>
        <ProblemNotice problem={problem} />
        {created ? (
          <p class="ok" role="status">
            已登记工单 <a href={`#/ticket/${created.id}`}>{created.ticketNo}</a>，查询码 {created.queryCode}
            （请告知来电人）。
          </p>
        ) : null}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setProblem(undefined);
            // The element itself: the event's currentTarget is null once the request has been awaited.
            const element = e.currentTarget;
            const form = new FormData(element);
            const text = (name: string) => String(form.get(name) ?? '').trim();
            const anonymous = form.get('anonymous') === 'on';
            try {
              const result = await api.POST('/v1/desk/tickets', {
                body: {
                  channel: text('channel') as 'phone',
                  type: text('type') as 'complaint',
                  category: text('category'),
                  ...(text('regionId') ? { regionId: text('regionId') } : {}),
                  content: text('content'),
                  requester: anonymous
                    ? { anonymous: true }
                    : { name: text('name'), phone: text('phone'), anonymous: false },
                },
              });
              setCreated(unwrap(result));
              element.reset();
            } catch (error) {
              setProblem(asProblem(error));
            }
          }}
        >
          <Field id="reg-channel" label="来源渠道" problem={problem} field="channel">
            <select id="reg-channel" name="channel">
              <option value="phone">电话</option>
              <option value="sms">短信</option>
              <option value="fax">传真</option>
              <option value="letter">信件</option>
            </select>
          </Field>
          <Field id="reg-type" label="诉求类型" problem={problem} field="type">
            <select id="reg-type" name="type">
              <option value="complaint">投诉</option>
              <option value="consultation">咨询</option>
              <option value="help">求助</option>
              <option value="report">举报</option>
              <option value="suggestion">意见建议</option>
            </select>
          </Field>
          <Field id="reg-category" label="诉求分类" problem={problem} field="category">
            <input id="reg-category" name="category" required aria-describedby="reg-category-error" />
          </Field>
          <Field id="reg-regionId" label="所属区域" problem={problem} field="regionId">
            <input id="reg-regionId" name="regionId" aria-describedby="reg-regionId-error" />
          </Field>
          <Field id="reg-content" label="诉求内容" problem={problem} field="content">
            <textarea
              id="reg-content"
              name="content"
              rows={4}
              aria-describedby="reg-content-error"
              onBlur={(e) => void search(e.currentTarget.value)}
            />
          </Field>
          <Field id="reg-name" label="来电人姓名" problem={problem} field="requester.name">
            <input id="reg-name" name="name" autocomplete="off" />
          </Field>
          <Field id="reg-phone" label="联系电话" problem={problem} field="requester.phone">
            <input id="reg-phone" name="phone" inputMode="tel" autocomplete="off" />
          </Field>
          <div class="field">
            <input id="reg-anonymous" name="anonymous" type="checkbox" />
            <label for="reg-anonymous">匿名（不保存姓名和电话）</label>
          </div>
          <button type="submit">登记</button>
        </form>
      </section>
      <aside aria-labelledby="kb-title">
        <h2 id="kb-title">知识库</h2>
        <form
          aria-label="知识库搜索"
          onSubmit={(e) => {
            e.preventDefault();
            void search(String(new FormData(e.currentTarget).get('q') ?? ''));
          }}
        >
          <label for="kb-q">搜索知识库</label>
          <input id="kb-q" name="q" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          <button type="submit">搜索</button>
        </form>
        <ul class="hits">
          {hits.map((h) => (
            <li key={h.id}>
              <strong>{h.title}</strong> <code>{h.id}</code>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
