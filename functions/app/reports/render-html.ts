import type { Report } from '../../domain/reports/index.ts';

/**
 * The report as a page a person reads (Chinese labels), printable to PDF by a browser: one HTML
 * file with its styles and charts inline (SVG drawn here), no script and nothing fetched, so that
 * it opens the same from the bucket, the data folder or an e-mail.
 */

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#b03a48', '#6b5ca5', '#3a8fa3', '#a07a2c', '#5d6d7e'];

/** Horizontal bars, one per line, longest first: the volumes by a dimension. */
function barChart(title: string, lines: readonly { name: string; count: number }[], max = 12): string {
  const shown = lines.filter((l) => l.count > 0).slice(0, max);
  if (shown.length === 0)
    return `<figure><figcaption>${escapeHtml(title)}</figcaption><p class="none">本期无数据</p></figure>`;
  const top = Math.max(...shown.map((l) => l.count));
  const row = 26;
  const label = 150;
  const width = 560;
  const bars = shown
    .map((l, i) => {
      const w = Math.max(2, Math.round(((width - label - 60) * l.count) / top));
      const y = i * row;
      return `<g transform="translate(0,${y})"><text x="${label - 8}" y="17" text-anchor="end">${escapeHtml(l.name)}</text><rect x="${label}" y="4" width="${w}" height="18" fill="${PALETTE[i % PALETTE.length]}"/><text x="${label + w + 6}" y="17">${l.count}</text></g>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${shown.length * row}" width="${width}" height="${shown.length * row}">${bars}</svg></figure>`;
}

/** Requests received per day or month: a column chart. */
function seriesChart(title: string, series: readonly { at: string; count: number }[]): string {
  if (series.length === 0) return '';
  const width = 560;
  const height = 180;
  const bottom = 24;
  const top = Math.max(1, ...series.map((s) => s.count));
  const step = width / series.length;
  const cols = series
    .map((s, i) => {
      const h = Math.round(((height - bottom - 16) * s.count) / top);
      const x = Math.round(i * step + step * 0.15);
      const label =
        series.length <= 12 || i % Math.ceil(series.length / 10) === 0
          ? s.at.slice(s.at.length === 7 ? 5 : 5)
          : '';
      return `<rect x="${x}" y="${height - bottom - h}" width="${Math.max(1, Math.round(step * 0.7))}" height="${h}" fill="#1f5fa8"><title>${escapeHtml(s.at)}: ${s.count}</title></rect>${label ? `<text x="${x}" y="${height - 6}" class="axis">${escapeHtml(label)}</text>` : ''}`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#999"/><text x="0" y="12" class="axis">最高 ${top}</text>${cols}</svg></figure>`;
}

function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  empty = '本期无数据',
): string {
  if (rows.length === 0) return `<p class="none">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const MEASURES: Record<string, string> = {
  interview: '通报约谈',
  secretaryGeneralInterview: '市政府秘书长会同市纪委监委、市委组织部约谈',
  publicStatement: '公开表态发言并取消评先资格',
};

const SOURCES = { bulletin: '本月通报(已冻结)', live: '当月实时排名', year: '全年汇总' } as const;

export function renderHtml(report: Report): string {
  const r = report.rates;
  const unitNames = new Map(
    report.ranking?.groups.flatMap((g) => g.units.map((u) => [u.unit, u.name])) ?? [],
  );
  const groupNames = new Map(report.ranking?.groups.map((g) => [g.id, g.name]) ?? []);
  const rankings =
    report.ranking?.groups
      .map(
        (g) =>
          `<h3>${escapeHtml(g.name)}</h3>${table(
            ['名次', '单位', '得分', '按时办结率', '满意率'],
            g.units.map((u) => [
              u.rank ?? '—',
              u.name,
              u.score ?? '未排名',
              percent(u.onTime),
              percent(u.satisfaction),
            ]),
            '本组无单位',
          )}`,
      )
      .join('') ?? '<p class="none">无排名</p>';
  const riserRows = (list: Report['hotTopics']['categories']['againstPrevious']) =>
    list.map((x) => [x.name, x.count, x.previous, signed(x.change), x.baseline, signed(x.excess)]);
  const riserHeaders = ['名称', '本期', '上期', '较上期', '基线均值', '超出基线'];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(report.title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 980px; color: #222; padding: 0 1rem; }
  h1 { font-size: 1.6rem; border-bottom: 3px solid #b03a48; padding-bottom: .4rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; color: #1f5fa8; }
  h3 { font-size: 1rem; margin-bottom: .3rem; }
  .meta { color: #555; font-size: .9rem; }
  .cards { display: flex; flex-wrap: wrap; gap: .8rem; }
  .card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 120px; }
  .card b { display: block; font-size: 1.4rem; }
  .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
  figure { margin: 0 0 1rem; }
  figcaption { font-weight: bold; margin-bottom: .3rem; }
  svg text { font-size: 12px; fill: #333; }
  svg text.axis { font-size: 10px; fill: #666; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; font-size: .9rem; }
  th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
  th { background: #f1f4f8; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .none { color: #777; }
  .flag { color: #b03a48; font-weight: bold; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">统计期间:${escapeHtml(report.first)} 至 ${escapeHtml(report.last)} · 生成时间:${escapeHtml(report.generatedAt)} · 政策:${escapeHtml(report.policy.id)} 第${report.policy.version}版</p>

<h2>一、总体情况</h2>
<div class="cards">
  <div class="card">受理总量<b>${report.received.count}</b>上期 ${report.received.previous}(${signed(report.received.count - report.received.previous)})</div>
  <div class="card">办结<b>${report.counts.finished ?? 0}</b>按时办结 ${report.counts.finishedOnTime ?? 0}</div>
  <div class="card">按时办结率<b>${percent(r.onTime)}</b></div>
  <div class="card">满意率<b>${percent(r.satisfaction)}</b></div>
  <div class="card">按时联系率<b>${percent(r.contact)}</b></div>
  <div class="card">超期<b>${report.counts.overdue ?? 0}</b></div>
  <div class="card">知识库按时维护率<b>${percent(r.knowledgeUpkeep)}</b>按时审核 ${report.counts.knowledgeReviewedOnTime ?? 0} · 过期 ${report.counts.knowledgeStale ?? 0} · 纠错超时 ${report.counts.knowledgeCorrectionsOverdue ?? 0}</div>
</div>
${seriesChart(report.kind === 'yearly' ? '各月受理量' : '每日受理量', report.series)}

<h2>二、诉求分布</h2>
<div class="charts">
${barChart('按渠道', report.volumes.channel)}
${barChart('按诉求类型', report.volumes.type)}
${barChart('按事项分类', report.volumes.category)}
${barChart('按区域', report.volumes.region)}
</div>
${table(
  ['事项分类', '本期', '上期', '变化'],
  report.volumes.category.map((l) => [l.name, l.count, l.previous, signed(l.change)]),
)}

<h2>三、热点分析</h2>
<h3>事项分类:较上期上升最多</h3>
${table(riserHeaders, riserRows(report.hotTopics.categories.againstPrevious), '无上升')}
<h3>事项分类:高于自身基线最多</h3>
${table(riserHeaders, riserRows(report.hotTopics.categories.againstBaseline), '无上升')}
<h3>区域:较上期上升最多</h3>
${table(riserHeaders, riserRows(report.hotTopics.regions.againstPrevious), '无上升')}
<h3>区域:高于自身基线最多</h3>
${table(riserHeaders, riserRows(report.hotTopics.regions.againstBaseline), '无上升')}
<h3>突发性、苗头性问题(已纳入督办)</h3>
${table(
  ['标记', '事项分类', '区域', '期间', '件数', '基线预期'],
  report.hotTopics.clusters.map((c) => [
    c.flag,
    c.categoryName,
    c.regionName,
    `${c.from} 至 ${c.to}`,
    c.count,
    c.expected,
  ]),
  '未发现突发性、苗头性问题',
)}

<h2>四、考核排名(${escapeHtml(report.ranking ? SOURCES[report.ranking.source] : '无')}${report.ranking ? ` · ${escapeHtml(report.ranking.period)}` : ''})</h2>
${rankings}

<h2>五、问责情况</h2>
${table(
  ['月份', '组别', '单位', '措施', '依据'],
  report.sanctions.map((s) => [
    s.month,
    groupNames.get(s.group) ?? s.group,
    unitNames.get(s.unit) ?? s.unit,
    MEASURES[s.measure] ?? s.measure,
    s.basis,
  ]),
  '本期无问责',
)}
${
  report.missingAnalyses
    ? `<h3>未按时报送月度分析材料的单位(${escapeHtml(report.missingAnalyses.month)},截止 ${escapeHtml(report.missingAnalyses.due)},TN:6(八))</h3>${table(
        ['单位'],
        report.missingAnalyses.units.map((u) => [u.name]),
        '全部单位均已按时报送',
      )}`
    : ''
}
</body>
</html>
`;
}
