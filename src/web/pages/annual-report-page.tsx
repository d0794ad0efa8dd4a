import type { AnnualReport } from '../../reports/annual-report.js';
import { SelectField } from '../../ui/components/form-field.js';
import { formatCount } from '../../ui/format.js';
import type { Chrome } from '../../ui/layout.js';
import { withQuery } from '../../ui/urls.js';
import { SiteLayout } from '../site-layout.js';

export interface AnnualReportPageProps {
  chrome: Chrome;
  report: AnnualReport;
  issuers: string[];
  csvHref: string;
  thisYear: number;
}

/** 第二十条第（一）项 as the disclosure report prints it, with the identity the figures must satisfy. */
export function AnnualReportPage({ chrome, report, issuers, csvHref, thisYear }: AnnualReportPageProps) {
  const y = report.year;
  const scope = report.issuer ?? '全部发文机关';
  const title = `${y} 年政府信息公开年度报告统计`;
  const rows = [
    { label: '规章', f: report.regulation },
    { label: '行政规范性文件', f: report.normative },
  ];
  const yearLink = (year: number) => withQuery(`/reports/annual/${year}`, { issuer: report.issuer ?? undefined });
  return (
    <SiteLayout chrome={chrome} title={title} section="reports">
      <h1>{title}</h1>
      <p>
        第二十条第（一）项　主动公开政府信息情况：{scope}，统计截至 {y} 年 12 月 31
        日，由本库的文件及其有效性记录直接生成。
      </p>
      <nav aria-label="选择年份" class="section-nav">
        <ul>
          <li>
            <a href={yearLink(y - 1)}>{y - 1} 年</a>
          </li>
          {y < thisYear ? (
            <li>
              <a href={yearLink(y + 1)}>{y + 1} 年</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <form method="get" action={`/reports/annual/${y}`} class="filters">
        <SelectField
          name="issuer"
          label="发文机关"
          anyLabel="全部发文机关"
          value={report.issuer ?? ''}
          options={issuers.map((i) => ({ value: i, label: i }))}
        />
        <p>
          <button type="submit">查看</button>
        </p>
      </form>
      <div class="table-scroll">
        <table>
          <caption>
            第二十条第（一）项（{y} 年，{scope}）
          </caption>
          <thead>
            <tr>
              <th scope="col">信息内容</th>
              <th scope="col" class="num">
                本年制发件数
              </th>
              <th scope="col" class="num">
                本年废止件数
              </th>
              <th scope="col" class="num">
                现行有效件数
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td class="num">{formatCount(r.f.issued)}</td>
                <td class="num">{formatCount(r.f.repealed)}</td>
                <td class="num">{formatCount(r.f.inForce)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={csvHref} download>
          下载 CSV
        </a>
      </p>
      <h2>核对</h2>
      <p>上年末现行有效件数 + 本年制发件数 − 本年废止件数 = 本年末现行有效件数：</p>
      <ul>
        {rows.map((r) => (
          <li>
            {r.label}：{formatCount(r.f.inForcePreviousYear)} + {formatCount(r.f.issued)} − {formatCount(r.f.repealed)}{' '}
            = {formatCount(r.f.inForcePreviousYear + r.f.issued - r.f.repealed)}，本年末现行有效{' '}
            {formatCount(r.f.inForce)}
            {r.f.inForcePreviousYear + r.f.issued - r.f.repealed === r.f.inForce ? '，相符。' : '，不符。'}
          </li>
        ))}
      </ul>
      {report.identity.holds ? (
        <p>每一件文件都符合上述关系。</p>
      ) : (
        <p>
          有 {formatCount(report.identity.breaks.length)}{' '}
          件文件的记录使上述关系不成立（例如发布于本年、施行于次年），法制机构核对时会逐件说明。
        </p>
      )}
      <h2>口径</h2>
      <ul>
        <li>本年制发件数：发布日期在 {y} 年内的文件。</li>
        <li>本年废止件数：{y} 年内废止或失效（含有效期届满、清理中宣布失效）的文件。</li>
        <li>现行有效件数：{y} 年 12 月 31 日当日现行有效或部分失效的文件。</li>
      </ul>
    </SiteLayout>
  );
}
