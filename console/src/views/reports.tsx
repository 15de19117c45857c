import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ApiProblem, api, currentSession, type Problem, unwrap } from '../api/client.ts';
import type { components } from '../api/schema.d.ts';
import { currentPeriod, shanghai } from '../format.ts';
import { asProblem, ProblemNotice, useLoad } from '../ui.tsx';

type Report = components['schemas']['Report'];
type Kind = Report['kind'];

/** The labels of the report's HTML rendering (functions/app/reports/render-html.ts), copied: the console imports no server code. */
const KINDS: Record<Kind, string> = { weekly: '周分析', monthly: '月通报', yearly: '年总结' };
const SOURCES = { bulletin: '本月通报(已冻结)', live: '当月实时排名', year: '全年汇总' } as const;
const MEASURES: Record<string, string> = {
  interview: '通报约谈',
  secretaryGeneralInterview: '市政府秘书长会同市纪委监委、市委组织部约谈',
  publicStatement: '公开表态发言并取消评先资格',
};
/** The four hot-topic lists: categories and regions, against the previous period and their own baseline. */
const HOT_TOPICS = [
  ['categories', 'againstPrevious', '事项分类较上期上升最多'],
  ['categories', 'againstBaseline', '事项分类高于自身基线最多'],
  ['regions', 'againstPrevious', '区域较上期上升最多'],
  ['regions', 'againstBaseline', '区域高于自身基线最多'],
] as const;
const VOLUMES = { channel: '按渠道', type: '按诉求类型', category: '按事项分类', region: '按区域' } as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function Table(props: { caption: string; headers: string[]; rows: (string | number)[][]; empty?: string }) {
  if (props.rows.length === 0)
    return (
      <p class="empty">
        {props.caption}：{props.empty ?? '本期无数据'}
      </p>
    );
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j} class={typeof cell === 'number' ? 'n' : ''}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Requests received per day (per month in a yearly summary), as bars (uPlot). */
function VolumeChart({ report }: { report: Report }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || report.series.length === 0) return;
    // `at` is a day (YYYY-MM-DD), or a month (YYYY-MM) in a yearly summary: shown without the year.
    const labels = report.series.map((p) => p.at.slice(5));
    const chart = new uPlot(
      {
        width: 640,
        height: 200,
        title: report.kind === 'yearly' ? '每月受理量' : '每日受理量',
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t] ?? '') }, { label: '件' }],
        series: [
          {},
          {
            label: '受理量',
            fill: '#0f766eaa',
            stroke: '#0f766e',
            paths: uPlot.paths.bars?.({ size: [0.7] }),
          },
        ],
      },
      [report.series.map((_, i) => i), report.series.map((p) => p.count)],
      box.current,
    );
    return () => chart.destroy();
  }, [report]);
  return <div ref={box} role="img" aria-label="受理量柱状图" />;
}

/** A stored report: the volume chart, then tables of volumes, rates, hot topics and clusters, ranking, sanctions. */
function ReportView({ report }: { report: Report }) {
  const r = report.rates;
  const risers = (list: Report['hotTopics']['categories']['againstPrevious']) =>
    list.map((x) => [x.name, x.count, x.previous, signed(x.change), x.baseline, signed(x.excess)]);
  const riserHeaders = ['名称', '本期', '上期', '较上期', '基线均值', '超出基线'];
  const unitNames = new Map(
    report.ranking?.groups.flatMap((g) => g.units.map((u) => [u.unit, u.name] as const)) ?? [],
  );
  const groupNames = new Map(report.ranking?.groups.map((g) => [g.id, g.name] as const) ?? []);
  return (
    <article aria-labelledby="report-title">
      <h3 id="report-title">{report.title}</h3>
      <p class="meta">
        统计期间：{report.first} 至 {report.last} · 生成时间：{shanghai(report.generatedAt)} · 政策：
        {report.policy.id} 第{report.policy.version}版
      </p>
      <VolumeChart report={report} />
      <Table
        caption="总体情况"
        headers={['指标', '数值']}
        rows={[
          ['受理总量', report.received.count],
          ['上期受理量', report.received.previous],
          ['办结', report.counts.finished ?? 0],
          ['按时办结', report.counts.finishedOnTime ?? 0],
          ['超期', report.counts.overdue ?? 0],
          ['按时办结率', percent(r.onTime)],
          ['满意率', percent(r.satisfaction)],
          ['按时联系率', percent(r.contact)],
          ['一次办结率', percent(r.firstPass)],
          ['退回合规率', percent(r.properReturns)],
          ['知识库按时维护率', percent(r.knowledgeUpkeep)],
        ]}
      />
      {(Object.keys(VOLUMES) as (keyof typeof VOLUMES)[]).map((dimension) => (
        <Table
          key={dimension}
          caption={`诉求分布：${VOLUMES[dimension]}`}
          headers={['名称', '本期', '上期', '变化']}
          rows={report.volumes[dimension].map((l) => [l.name, l.count, l.previous, signed(l.change)])}
        />
      ))}
      {HOT_TOPICS.map(([scope, against, caption]) => (
        <Table
          key={caption}
          caption={`热点：${caption}`}
          headers={riserHeaders}
          rows={risers(report.hotTopics[scope][against])}
          empty="无上升"
        />
      ))}
      <Table
        caption="突发性、苗头性问题（已纳入督办）"
        headers={['标记', '事项分类', '区域', '期间', '件数', '基线预期']}
        rows={report.hotTopics.clusters.map((c) => [
          c.flag,
          c.categoryName,
          c.regionName,
          `${c.from} 至 ${c.to}`,
          c.count,
          c.expected,
        ])}
        empty="未发现突发性、苗头性问题"
      />
      <h4>
        考核排名（{report.ranking ? `${SOURCES[report.ranking.source]} · ${report.ranking.period}` : '无'}）
      </h4>
      {(report.ranking?.groups ?? []).map((g) => (
        <Table
          key={g.id}
          caption={g.name}
          headers={['名次', '单位', '得分', '按时办结率', '满意率']}
          rows={g.units.map((u) => [
            u.rank ?? '—',
            u.name,
            u.score ?? '未排名',
            percent(u.onTime),
            percent(u.satisfaction),
          ])}
          empty="本组无单位"
        />
      ))}
      <Table
        caption="问责情况"
        headers={['月份', '组别', '单位', '措施', '依据']}
        rows={report.sanctions.map((s) => [
          s.month,
          groupNames.get(s.group) ?? s.group,
          unitNames.get(s.unit) ?? s.unit,
          MEASURES[s.measure] ?? s.measure,
          s.basis,
        ])}
        empty="本期无问责"
      />
    </article>
  );
}

/**
 * Saves the report's CSV: fetched with the staff token (a plain link cannot send it) and handed to
 * the browser as a Blob URL, which the console's CSP allows for a download.
 */
async function downloadCsv(kind: Kind, period: string) {
  const response = await fetch(`${location.origin}/v1/reports/${kind}/${encodeURIComponent(period)}/csv`, {
    headers: { authorization: `Bearer ${currentSession()?.token ?? ''}` },
  });
  if (!response.ok) throw new ApiProblem((await response.json()) as Problem);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${kind}-${period}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The analysis reports (PDS:19 周分析、月通报、年总结; AH:33) for the administrator and the
 * supervisor: a kind and a period, the stored report as tables, 生成 where it does not exist yet,
 * and its CSV.
 */
export function Reports() {
  const [kind, setKind] = useState<Kind>('monthly');
  const [period, setPeriod] = useState(currentPeriod('monthly'));
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const report = useLoad(async () => {
    const result = await api.GET('/v1/reports/{reportType}/{period}', {
      params: { path: { reportType: kind, period } },
    });
    // Not generated yet is an answer here, not a refusal: it offers 生成.
    if (result.response.status === 404) return null;
    return unwrap(result);
  }, [kind, period]);
  const generate = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      unwrap(
        await api.POST('/v1/reports/{reportType}/{period}', {
          params: { path: { reportType: kind, period } },
        }),
      );
      report.reload();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const canGenerate = ['supervisor', 'admin'].includes(currentSession()?.role ?? '');
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">报表</h2>
      <form aria-label="选择报表" onSubmit={(e) => e.preventDefault()}>
        <label for="report-kind">报表类型</label>
        <select
          id="report-kind"
          value={kind}
          onChange={(e) => {
            const next = e.currentTarget.value as Kind;
            setKind(next);
            setPeriod(currentPeriod(next));
          }}
        >
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KINDS[k]}
            </option>
          ))}
        </select>
        <label for="report-period">统计期间</label>
        {kind === 'yearly' ? (
          <input
            id="report-period"
            type="number"
            min={2000}
            max={2100}
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
          />
        ) : (
          <input
            id="report-period"
            type={kind === 'weekly' ? 'week' : 'month'}
            value={period}
            onChange={(e) => e.currentTarget.value && setPeriod(e.currentTarget.value)}
          />
        )}
      </form>
      <ProblemNotice problem={report.problem ?? problem} />
      {report.loading ? <p aria-live="polite">载入中…</p> : null}
      {!report.loading && report.data === null ? (
        <p>
          {KINDS[kind]} {period} 尚未生成。
          {canGenerate ? (
            <button type="button" disabled={busy} onClick={() => void generate()}>
              生成
            </button>
          ) : null}
        </p>
      ) : null}
      {report.data ? (
        <>
          <p>
            <button
              type="button"
              onClick={() => downloadCsv(kind, period).catch((error) => setProblem(asProblem(error)))}
            >
              下载 CSV
            </button>
            {canGenerate ? (
              <button type="button" disabled={busy} onClick={() => void generate()}>
                重新生成
              </button>
            ) : null}
          </p>
          <ReportView report={report.data} />
        </>
      ) : null}
    </section>
  );
}
