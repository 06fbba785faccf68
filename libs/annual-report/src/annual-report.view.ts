import { csvDocument } from '@chengguo/common';
import { formatYuan } from '@chengguo/kernel';
import type { AnnualReportContent } from './domain/annual-report.figures';

/** One figure of the report: where it sits, its labels in both languages, its value (fen shown as yuan). */
interface Figure {
  key: string;
  zh: string;
  en: string;
  value: number;
  money: boolean;
}

const ROUTE: Record<string, [string, string]> = {
  transfer: ['转让', 'transfer'],
  license: ['许可', 'licence'],
  equity_investment: ['作价投资', 'equity investment'],
};
const PRICING: Record<string, [string, string]> = {
  agreement: ['协议定价', 'agreement pricing'],
  listing: ['挂牌交易', 'listing'],
  auction: ['拍卖', 'auction'],
};

/** The report as a flat list of figures, in the order the printed report shows them. */
export function figuresOf(c: AnnualReportContent): Figure[] {
  const f = (key: string, zh: string, en: string, value: number, money = false): Figure => ({ key, zh, en, value, money });
  return [
    f('disclosures.submitted', '职务科技成果披露', 'Disclosures submitted', c.disclosures.submitted),
    f('disclosures.evaluated', '专利申请前评估', 'Pre-filing evaluations', c.disclosures.evaluated),
    f('disclosures.decisions.file', '决定申请专利', 'Decided: file', c.disclosures.decisions.file),
    f('disclosures.decisions.do_not_file', '决定不申请（转给完成人）', 'Decided: do not file', c.disclosures.decisions.do_not_file),
    f('disclosures.decisions.trade_secret', '决定作为技术秘密', 'Decided: keep as trade secret', c.disclosures.decisions.trade_secret),
    f('abandonmentContracts.opened', '放弃申请合同（发起）', 'Abandonment contracts opened', c.abandonmentContracts.opened),
    f('abandonmentContracts.executed', '放弃申请合同（签订）', 'Abandonment contracts executed', c.abandonmentContracts.executed),
    ...c.transformations.byRouteAndPricing.flatMap((r) => [
      f(
        `transformations.${r.route}.${r.pricingMethod}.count`,
        `${ROUTE[r.route]?.[0] ?? r.route}（${PRICING[r.pricingMethod]?.[0] ?? r.pricingMethod}）项数`,
        `${ROUTE[r.route]?.[1] ?? r.route} (${PRICING[r.pricingMethod]?.[1] ?? r.pricingMethod}): count`,
        r.count,
      ),
      f(
        `transformations.${r.route}.${r.pricingMethod}.amountFen`,
        `${ROUTE[r.route]?.[0] ?? r.route}（${PRICING[r.pricingMethod]?.[0] ?? r.pricingMethod}）合同金额`,
        `${ROUTE[r.route]?.[1] ?? r.route} (${PRICING[r.pricingMethod]?.[1] ?? r.pricingMethod}): contract amount`,
        r.amountFen,
        true,
      ),
    ]),
    f('transformations.total.count', '成果转化合计（项）', 'Transformations executed', c.transformations.total.count),
    f('transformations.total.amountFen', '成果转化合同金额合计', 'Contract amounts in total', c.transformations.total.amountFen, true),
    f(
      'registeredContracts.transferCases',
      '技术合同认定登记（转化）',
      'Registered technology contracts (transformations)',
      c.registeredContracts.transferCases,
    ),
    f(
      'registeredContracts.technologyContracts',
      '技术合同认定登记（技术开发、咨询、服务）',
      'Registered technology contracts (development, consulting, service)',
      c.registeredContracts.technologyContracts,
    ),
    f('income.receipts', '到账笔数', 'Receipts recorded', c.income.receipts),
    f('income.cashReceivedFen', '现金收入', 'Cash received', c.income.cashReceivedFen, true),
    f('income.equityReceivedFen', '作价投资取得股权（作价）', 'Equity received (value)', c.income.equityReceivedFen, true),
    f('income.deductibleCostsFen', '可扣除成本', 'Deductible costs', c.income.deductibleCostsFen, true),
    f('income.correctionsDeltaFen', '更正净额', 'Net corrections', c.income.correctionsDeltaFen, true),
    // R11 (ADR 24): reports prepared before the unit's own part was computed do not show it.
    ...(c.income.unitOwn
      ? [
          f(
            'income.unitOwn.cashReceivedFen',
            '其中：单位自有现金收入',
            'of which the unit’s own cash income',
            c.income.unitOwn.cashReceivedFen,
            true,
          ),
          f(
            'income.unitOwn.equityReceivedFen',
            '其中：单位自有股权（作价）',
            'of which the unit’s own equity (value)',
            c.income.unitOwn.equityReceivedFen,
            true,
          ),
          f(
            'income.unitOwn.correctionsDeltaFen',
            '其中：单位自有更正净额',
            'of which the unit’s own net corrections',
            c.income.unitOwn.correctionsDeltaFen,
            true,
          ),
        ]
      : []),
    f('rewards.paymentsRecorded', '奖励发放笔数', 'Reward payments', c.rewards.paymentsRecorded),
    f('rewards.cashPaidFen', '现金奖励', 'Cash rewards paid', c.rewards.cashPaidFen, true),
    f('rewards.equityPaidFen', '股权奖励（作价）', 'Equity rewards (value)', c.rewards.equityPaidFen, true),
    f('rewards.people', '获奖励人数', 'People rewarded', c.rewards.people),
    f('rewards.toPrincipalLeaders.people', '其中：正职领导人数', 'of whom principal leaders', c.rewards.toPrincipalLeaders.people),
    f(
      'rewards.toPrincipalLeaders.cashPaidFen',
      '其中：正职领导现金奖励',
      'Cash rewards to principal leaders',
      c.rewards.toPrincipalLeaders.cashPaidFen,
      true,
    ),
    f('exemptionClaims.filed', '尽职免责申请', 'Exemption claims filed', c.exemptionClaims.filed),
    f('exemptionClaims.granted', '尽职免责（确认）', 'Exemption claims granted', c.exemptionClaims.granted),
    f('exemptionClaims.denied', '尽职免责（不予确认）', 'Exemption claims denied', c.exemptionClaims.denied),
    f('patents.applicationsRecorded', '专利申请登记', 'Patent applications recorded', c.patents.applicationsRecorded),
    f('patents.grantsRecorded', '专利授权登记', 'Patent grants recorded', c.patents.grantsRecorded),
  ];
}

/** The report as CSV (UTF-8 with BOM): one figure a line; money in yuan with two decimals. */
export function annualReportCsv(content: AnnualReportContent, contentHash: string): string {
  const rows = [
    ...figuresOf(content).map((fig) => ({
      key: fig.key,
      zh: fig.zh,
      en: fig.en,
      value: fig.money ? formatYuan(fig.value) : String(fig.value),
    })),
    { key: 'contentHash', zh: '内容哈希（SHA-256）', en: 'Content hash (SHA-256)', value: contentHash },
  ];
  return csvDocument<(typeof rows)[number]>(
    [
      ['figure', (r) => r.key],
      ['zh', (r) => r.zh],
      ['en', (r) => r.en],
      ['value', (r) => r.value],
    ],
    rows,
  );
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * The printable report (zh-CN or en): plain HTML and CSS, no script, so it prints the same in any
 * browser (and passes a strict Content-Security-Policy).
 */
export function annualReportPage(
  content: AnnualReportContent,
  meta: { contentHash: string; status: string; preparedAt: string },
  lang: 'zh-CN' | 'en',
): string {
  const zh = lang === 'zh-CN';
  const title = zh ? `${content.year}年度科技成果转化情况报告` : `Annual report on achievement transformation, ${content.year}`;
  const rows = figuresOf(content)
    .map(
      (fig) =>
        `<tr><th scope="row">${escapeHtml(zh ? fig.zh : fig.en)}</th><td>${fig.money ? `${formatYuan(fig.value)} ${zh ? '元' : 'yuan'}` : fig.value}</td></tr>`,
    )
    .join('\n');
  const status = zh ? { prepared: '待单位负责人签署', filed: '已签署报送', refused: '已退回' }[meta.status] : meta.status;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 2cm; color: #111; }
  h1 { font-size: 18pt; text-align: center; }
  table { border-collapse: collapse; width: 100%; font-size: 11pt; }
  th, td { border: 1px solid #444; padding: 4px 8px; }
  th { text-align: left; font-weight: normal; }
  td { text-align: right; white-space: nowrap; }
  .meta { font-size: 9pt; color: #333; margin-top: 1em; word-break: break-all; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${zh ? '统计口径：本年度（北京时间）内记录的事件' : 'Counted: events recorded during the year (Asia/Shanghai)'} — ${escapeHtml(content.period.from)} – ${escapeHtml(content.period.until)}</p>
<table>
<tbody>
${rows}
</tbody>
</table>
<p class="meta">${zh ? '状态' : 'Status'}: ${escapeHtml(String(status))} · ${zh ? '编制时间' : 'Prepared'}: ${escapeHtml(meta.preparedAt)}<br>SHA-256: ${escapeHtml(meta.contentHash)}</p>
</body>
</html>
`;
}
