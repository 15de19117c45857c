import { api, unwrap } from '../api/client.ts';
import { hotlineNow, shanghaiDay } from '../format.ts';
import { ProblemNotice, useLoad } from '../ui.tsx';

const SOURCES: Record<string, string> = {
  official: '官方公布（国务院办公厅通知）',
  operator: '运营方载入',
  provisional: '暂定（仅法定节假日，无调休）',
};

/**
 * The administrator's calendar: where each year's working-day schedule comes from (GET
 * /v1/calendar/years), from last year to three years ahead, and how a schedule is loaded.
 */
export function CalendarYears() {
  const year = Number(shanghaiDay(hotlineNow()).slice(0, 4));
  const years = useLoad(
    async () =>
      unwrap(await api.GET('/v1/calendar/years', { params: { query: { from: year - 1, to: year + 3 } } })),
    [year],
  );
  return (
    <section aria-labelledby="calendar-title">
      <h2 id="calendar-title">工作日历</h2>
      <ProblemNotice problem={years.problem} />
      <table>
        <thead>
          <tr>
            <th scope="col">年份</th>
            <th scope="col">节假日安排来源</th>
          </tr>
        </thead>
        <tbody>
          {(years.data?.years ?? []).map((y) => (
            <tr key={y.year}>
              <td>{y.year}</td>
              <td>
                {SOURCES[y.source] ?? y.source}
                {y.source === 'provisional' ? <span class="tag warn">暂定</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>暂定年份内的时限按法定节假日计算并标注“暂定”。国务院办公厅公布该年安排后载入：</p>
      <ol>
        <li>
          <code>npx hotline calendar load 文件.json</code>：校验并保存该年安排（
          <code>npx hotline calendar check 年份</code> 可查看来源）；
        </li>
        <li>
          在部署配置的 <code>calendarYears</code> 中列入该年，然后部署；
        </li>
        <li>
          部署后系统自动重算暂定时限，用 <code>npx hotline calendar recount -c config=配置文件 --watch</code>{' '}
          查看重算进度。
        </li>
      </ol>
    </section>
  );
}
