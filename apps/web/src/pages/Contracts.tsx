import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must, Problem } from '../api/client';
import { DisclosureView } from '../api/views';
import { asProblem, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { date, fenFromYuan, yuan } from '../format';

interface Totals {
  revenueFen: number;
  deductibleCostsFen: number;
  deductedFen: number;
  costsCarriedForwardFen: number;
  unitShareFen: number;
}
interface Report {
  periodStart: string;
  periodEnd: string;
  revenueFen: number;
  deductedFen: number;
  netRevenueFen: number;
  unitShareFen: number;
  corrected: boolean;
}
interface ContractBundle {
  disclosure: DisclosureView;
  contract: { status: string; totals: Totals; [key: string]: unknown };
  reports: Report[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The inventor's patent-abandonment contracts (R3): opened by a "do not file" decision; the inventors
 * bear the fees and report revenue, of which the unit's share is computed (money shown in yuan).
 */
export function ContractsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<Problem | null>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    const { items } = (await must(api.GET('/disclosures/mine'))) as unknown as { items: DisclosureView[] };
    const bundles = await Promise.all(
      items
        .filter((d) => d.decision === 'do_not_file')
        .map(async (disclosure): Promise<ContractBundle | null> => {
          const id = disclosure.disclosureId;
          const contract = await must(api.GET('/contracts/{id}', { params: { path: { id } } })).catch(() => null);
          if (!contract) return null;
          const ledger = (await must(api.GET('/contracts/{id}/revenue-ledger', { params: { path: { id } } })).catch(() => ({
            reports: [],
          }))) as {
            reports: Report[];
          };
          return { disclosure, contract: contract as ContractBundle['contract'], reports: ledger.reports };
        }),
    );
    return bundles.filter((b): b is ContractBundle => b !== null);
  });
  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      void message.success(t('common.done'));
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  const amount = (text: string) => {
    const fen = fenFromYuan(text);
    if (fen === null) throw new Error(t('transfer.priceInvalid'));
    return fen;
  };
  return (
    <>
      <PageTitle>{t('menu.contracts')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {!loading && (data ?? []).length === 0 && <Empty description={t('contracts.none')} />}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {(data ?? []).map(({ disclosure, contract, reports }) => {
          const id = disclosure.disclosureId;
          return (
            <Card
              key={id}
              title={<span style={{ whiteSpace: 'normal' }}>{disclosure.title}</span>}
              extra={<StatusTag status={contract.status} />}
            >
              <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('contracts.revenue')}>{yuan(contract.totals.revenueFen)}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.fees')}>{yuan(contract.totals.deductibleCostsFen)}</Descriptions.Item>
                <Descriptions.Item label={t('contracts.unitShare')}>{yuan(contract.totals.unitShareFen)}</Descriptions.Item>
              </Descriptions>
              <Table<Report>
                style={{ marginTop: 12 }}
                size="small"
                rowKey="periodStart"
                pagination={false}
                scroll={{ x: true }}
                dataSource={reports}
                columns={[
                  { title: t('contracts.period'), key: 'p', render: (_: unknown, r) => `${date(r.periodStart)} – ${date(r.periodEnd)}` },
                  { title: t('contracts.revenue'), dataIndex: 'revenueFen', render: (v: number) => yuan(v) },
                  { title: t('contracts.deducted'), dataIndex: 'deductedFen', render: (v: number) => yuan(v) },
                  { title: t('contracts.unitShare'), dataIndex: 'unitShareFen', render: (v: number) => yuan(v) },
                ]}
              />
              <Row gutter={16} style={{ marginTop: 12 }}>
                <Col xs={24} md={12}>
                  <Card size="small" type="inner" title={t('contracts.reportRevenue')}>
                    <Form
                      layout="vertical"
                      onFinish={(v: { periodStart: string; periodEnd: string; revenue: string }) =>
                        void act(() =>
                          must(
                            api.POST('/contracts/{id}/revenue-reports', {
                              params: { path: { id } },
                              body: { periodStart: v.periodStart, periodEnd: v.periodEnd, revenueFen: amount(v.revenue) },
                            }),
                          ),
                        )
                      }
                    >
                      <Form.Item
                        name="periodStart"
                        label={t('contracts.periodStart')}
                        rules={[{ required: true, pattern: DATE, message: 'YYYY-MM-DD' }]}
                      >
                        <Input placeholder="2026-01-01" />
                      </Form.Item>
                      <Form.Item
                        name="periodEnd"
                        label={t('contracts.periodEnd')}
                        rules={[{ required: true, pattern: DATE, message: 'YYYY-MM-DD' }]}
                      >
                        <Input placeholder="2026-06-30" />
                      </Form.Item>
                      <Form.Item
                        name="revenue"
                        label={t('contracts.revenueYuan')}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <Input inputMode="decimal" addonBefore="¥" />
                      </Form.Item>
                      <Button htmlType="submit" type="primary">
                        {t('common.send')}
                      </Button>
                    </Form>
                  </Card>
                </Col>
                <Col xs={24} md={12}>
                  <Card size="small" type="inner" title={t('contracts.recordFee')}>
                    <Form
                      layout="vertical"
                      initialValues={{ kind: 'application' }}
                      onFinish={(v: { kind: 'application'; amount: string; paidOn: string; evidenceSha256: string }) =>
                        void act(() =>
                          must(
                            api.POST('/contracts/{id}/fees', {
                              params: { path: { id } },
                              body: { kind: v.kind, amountFen: amount(v.amount), paidOn: v.paidOn, evidenceSha256: v.evidenceSha256 },
                            }),
                          ),
                        )
                      }
                    >
                      <Form.Item name="kind" label={t('contracts.feeKind')}>
                        <Select
                          options={['application', 'examination', 'annual_maintenance', 'agency', 'other'].map((v) => ({
                            value: v,
                            label: t(`fee.${v}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name="amount"
                        label={t('contracts.amountYuan')}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <Input inputMode="decimal" addonBefore="¥" />
                      </Form.Item>
                      <Form.Item
                        name="paidOn"
                        label={t('contracts.paidOn')}
                        rules={[{ required: true, pattern: DATE, message: 'YYYY-MM-DD' }]}
                      >
                        <Input placeholder="2026-05-01" />
                      </Form.Item>
                      <Form.Item
                        name="evidenceSha256"
                        label={t('contracts.receiptHash')}
                        rules={[{ required: true, pattern: /^[0-9a-f]{64}$/, message: t('contracts.hashFormat') }]}
                      >
                        <Input />
                      </Form.Item>
                      <Button htmlType="submit" type="primary">
                        {t('common.send')}
                      </Button>
                    </Form>
                  </Card>
                </Col>
              </Row>
            </Card>
          );
        })}
      </Space>
    </>
  );
}
