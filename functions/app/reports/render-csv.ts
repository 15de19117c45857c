import type { Report } from '../../domain/reports/index.ts';
import { type CsvCell, toCsv } from './csv.ts';

/**
 * The report as one CSV table for spreadsheets: a row per figure, with the section it belongs to
 * (volumes by dimension, rates, ranking, sanctions, hot topics), so that every figure of the JSON
 * is there. UTF-8 with a byte-order mark, which Excel needs to read Chinese.
 */
export function renderCsv(report: Report): string {
  const rows: CsvCell[][] = [['section', 'group', 'id', 'name', 'value', 'previous', 'change', 'note']];
  rows.push([
    'received',
    '',
    'total',
    '受理总量',
    report.received.count,
    report.received.previous,
    report.received.count - report.received.previous,
    '',
  ]);
  for (const s of report.series) rows.push(['series', '', s.at, s.at, s.count, '', '', '']);
  for (const [dimension, lines] of Object.entries(report.volumes)) {
    for (const l of lines) rows.push(['volume', dimension, l.id, l.name, l.count, l.previous, l.change, '']);
  }
  for (const [name, rate] of Object.entries(report.rates))
    rows.push(['rate', '', name, name, rate, '', '', '']);
  for (const [name, n] of Object.entries(report.counts))
    rows.push(['count', '', name, name, n ?? 0, '', '', '']);
  for (const g of report.ranking?.groups ?? []) {
    for (const u of g.units) {
      rows.push([
        'ranking',
        g.id,
        u.unit,
        u.name,
        u.score,
        '',
        '',
        u.rank === null ? 'unranked' : `rank ${u.rank}`,
      ]);
    }
  }
  for (const s of report.sanctions)
    rows.push(['sanction', s.group, s.unit, s.measure, s.month, '', '', s.basis]);
  for (const u of report.missingAnalyses?.units ?? []) {
    rows.push(['analysisMissed', report.missingAnalyses?.month ?? '', u.unit, u.name, 1, '', '', 'TN:6(八)']);
  }
  for (const [dimension, hot] of [
    ['category', report.hotTopics.categories],
    ['region', report.hotTopics.regions],
  ] as const) {
    for (const x of hot.againstPrevious)
      rows.push(['risePrevious', dimension, x.value, x.name, x.count, x.previous, x.change, '']);
    for (const x of hot.againstBaseline)
      rows.push(['riseBaseline', dimension, x.value, x.name, x.count, x.baseline, x.excess, '']);
  }
  for (const c of report.hotTopics.clusters) {
    rows.push([
      'cluster',
      c.window,
      `${c.category}|${c.region}`,
      `${c.categoryName} ${c.regionName}`,
      c.count,
      c.expected,
      '',
      `${c.flag} ${c.from}..${c.to}`,
    ]);
  }
  return `\ufeff${toCsv(rows)}`;
}
