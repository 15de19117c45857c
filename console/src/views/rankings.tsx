import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, unwrap } from '../api/client.ts';
import { hotlineNow, shanghaiDay } from '../format.ts';
import { ProblemNotice, useLoad } from '../ui.tsx';

type Unit = { unit: string; name: string; score: number | null; rank: number | null };

/** One ranking group's scores as bars (uPlot), best first. */
function ScoreChart({ title, units }: { title: string; units: Unit[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const scored = units.filter((u) => u.score !== null);
    if (!box.current || scored.length === 0) return;
    const xs = scored.map((_, i) => i);
    const chart = new uPlot(
      {
        width: 560,
        height: 220,
        title,
        legend: { show: false },
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => scored[t]?.name.slice(0, 6) ?? '') },
          { label: '得分' },
        ],
        series: [
          {},
          { label: '得分', fill: '#1d4ed8aa', stroke: '#1d4ed8', paths: uPlot.paths.bars?.({ size: [0.6] }) },
        ],
      },
      [xs, scored.map((u) => u.score)],
      box.current,
    );
    return () => chart.destroy();
  }, [title, units]);
  return <div ref={box} role="img" aria-label={`${title}得分柱状图`} />;
}

/** The administrator's rankings: the month's scores per group (JZ:四(四)), live until its close. */
export function Rankings() {
  const [month, setMonth] = useState(shanghaiDay(hotlineNow()).slice(0, 7));
  const scores = useLoad(
    async () => unwrap(await api.GET('/v1/assessment/scores', { params: { query: { month } } })),
    [month],
  );
  return (
    <section aria-labelledby="rank-title">
      <h2 id="rank-title">考核排名</h2>
      <label for="rank-month">月份</label>
      <input id="rank-month" type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} />
      <ProblemNotice problem={scores.problem} />
      {scores.data ? <p>{scores.data.live ? '本月未结账，得分实时更新' : '已结账的月度得分'}</p> : null}
      {[
        ...(scores.data?.groups ?? []),
        ...(scores.data?.ungrouped.length
          ? [{ id: 'ungrouped', name: '未分组单位', units: scores.data.ungrouped }]
          : []),
      ].map((g) => (
        <div key={g.id}>
          <ScoreChart title={g.name} units={g.units} />
          <table>
            <caption>{g.name}</caption>
            <thead>
              <tr>
                <th scope="col">名次</th>
                <th scope="col">单位</th>
                <th scope="col">得分</th>
              </tr>
            </thead>
            <tbody>
              {g.units.map((u) => (
                <tr key={u.unit}>
                  <td>{u.rank ?? '—'}</td>
                  <td>{u.name}</td>
                  <td>{u.score === null ? '无数据' : u.score.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
