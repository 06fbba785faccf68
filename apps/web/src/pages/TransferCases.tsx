import { App, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, must, Problem } from '../api/client';
import { SignOffRound, TransferCaseView } from '../api/views';
import { useAuth } from '../auth/auth';
import { asProblem, Hash, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { date, dateTime, fenFromYuan, timeLeft, yuan } from '../format';

interface OpenValues {
  achievementId: string;
  mode: 'transfer' | 'license' | 'equity_investment';
  exclusivity?: 'exclusive' | 'sole' | 'non_exclusive';
  pricingMethod: 'agreement' | 'listing' | 'auction';
  counterpartyName?: string;
  priceYuan: string;
}

/**
 * Transfer cases (R5–R8): open one on an achievement of the register, publish the agreement price
 * (≥ 15 days, R7) with its countdown, objections, approval (its terms hash), registration (R8).
 */
export function TransferCasesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useAuth();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [selected, setSelected] = useState<TransferCaseView | null>(null);
  const [approval, setApproval] = useState<SignOffRound | null>(null);
  const tto = session?.role === 'tto_officer';
  const { data, error, loading, reload } = useLoad(
    async () => ((await must(api.GET('/transfer-cases', { params: { query: {} } }))) as unknown as { items: TransferCaseView[] }).items,
  );
  const act = async (action: () => Promise<unknown>, after?: () => void) => {
    setProblem(null);
    try {
      await action();
      void message.success(t('common.done'));
      after?.();
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  const open = async (v: OpenValues) => {
    const fen = fenFromYuan(v.priceYuan);
    if (fen === null) return setProblem({ status: 400, code: 'PRICE_INVALID', detail: t('transfer.priceInvalid') });
    await act(() =>
      must(
        api.POST('/transfer-cases', {
          body: {
            achievementId: v.achievementId.trim(),
            mode: v.mode === 'license' ? { kind: v.mode, exclusivity: v.exclusivity ?? 'non_exclusive' } : { kind: v.mode },
            pricingMethod: v.pricingMethod,
            ...(v.counterpartyName ? { counterparty: { name: v.counterpartyName } } : {}),
            proposedPriceFen: fen,
          },
        }),
      ),
    );
  };
  const show = async (c: TransferCaseView) => {
    setSelected(c);
    setApproval(null);
    const round = await must(
      api.GET('/sign-offs/{streamId}/{signOffId}', {
        params: { path: { streamId: `transfer-case-${c.caseId}`, signOffId: 'transfer-approval' } },
      }),
    ).catch(() => null);
    setApproval(round as unknown as SignOffRound | null);
  };
  const caseId = selected?.caseId ?? '';
  return (
    <>
      <PageTitle>{t('menu.transfer-cases')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {tto && (
        <Card size="small" title={t('transfer.open')} style={{ marginBottom: 16 }}>
          <Form<OpenValues>
            layout="vertical"
            initialValues={{ achievementId: params.get('achievement') ?? '', mode: 'transfer', pricingMethod: 'agreement' }}
            onFinish={(v) => void open(v)}
          >
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="achievementId"
                  label={t('transfer.achievementId')}
                  rules={[{ required: true, message: t('validation.required') }]}
                >
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="mode" label={t('transfer.mode')}>
                  <Select options={['transfer', 'license', 'equity_investment'].map((v) => ({ value: v, label: t(`mode.${v}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="pricingMethod" label={t('transfer.pricing')}>
                  <Select options={['agreement', 'listing', 'auction'].map((v) => ({ value: v, label: t(`pricing.${v}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="counterpartyName" label={t('transfer.counterparty')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="priceYuan" label={t('transfer.priceYuan')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Input inputMode="decimal" addonBefore="¥" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit">
              {t('transfer.open')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<TransferCaseView>
        rowKey="caseId"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('transfer.achievement'), dataIndex: 'achievementName' },
          { title: t('transfer.price'), dataIndex: 'priceFen', render: (v: number) => yuan(v) },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('transfer.countdown'),
            dataIndex: 'publicityPeriodEndsAt',
            render: (end: string | null, row) => (end && row.status === 'in_publicity' ? <Countdown until={end} /> : '—'),
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_: unknown, row) => (
              <Button size="small" onClick={() => void show(row)}>
                {t('common.details')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={!!selected}
        onClose={() => setSelected(null)}
        width={Math.min(640, window.innerWidth)}
        title={selected?.achievementName}
      >
        {selected && (
          <>
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('common.status')}>
                <StatusTag status={selected.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('transfer.mode')}>{t(`mode.${selected.mode}`)}</Descriptions.Item>
              <Descriptions.Item label={t('transfer.pricing')}>{t(`pricing.${selected.pricingMethod}`)}</Descriptions.Item>
              <Descriptions.Item label={t('transfer.counterparty')}>{selected.counterparty?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('transfer.price')}>{yuan(selected.priceFen)}</Descriptions.Item>
              <Descriptions.Item label={t('transfer.publicityEnds')}>{dateTime(selected.publicityPeriodEndsAt)}</Descriptions.Item>
              <Descriptions.Item label={t('transfer.approvalHash')}>
                <Hash value={selected.approvalTermsHash} />
              </Descriptions.Item>
              <Descriptions.Item label={t('transfer.approval')}>
                {approval
                  ? approval.parties.map((p) => (
                      <Tag key={p.partyId}>
                        {t(`role.${p.role}`, { defaultValue: p.role })}: {t(`decisionState.${p.decision}`, { defaultValue: p.decision })}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('transfer.registration')}>
                {selected.registrationNumber ? `${selected.registrationNumber} (${date(selected.registeredOn)})` : '—'}
              </Descriptions.Item>
              {selected.flags.length > 0 && (
                <Descriptions.Item label={t('transfer.flags')}>
                  {selected.flags.map((f) => (
                    <Tag color="red" key={f}>
                      {f}
                    </Tag>
                  ))}
                </Descriptions.Item>
              )}
            </Descriptions>
            {tto && (
              <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
                {selected.status === 'awaiting_publicity' && (
                  <Form
                    layout="inline"
                    initialValues={{ days: 15 }}
                    onFinish={(v: { days: number }) =>
                      void act(
                        () => must(api.POST('/transfer-cases/{caseId}/publicity', { params: { path: { caseId } }, body: v })),
                        () => setSelected(null),
                      )
                    }
                  >
                    <Form.Item name="days" label={t('transfer.publicityDays')}>
                      <InputNumber min={15} max={90} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit">
                      {t('transfer.publish')}
                    </Button>
                  </Form>
                )}
                {selected.status === 'approved' && (
                  <Form
                    layout="vertical"
                    onFinish={(v: { registrationNumber: string; registeredOn: string }) =>
                      void act(
                        () => must(api.POST('/transfer-cases/{caseId}/contract-registration', { params: { path: { caseId } }, body: v })),
                        () => setSelected(null),
                      )
                    }
                  >
                    <Form.Item
                      name="registrationNumber"
                      label={t('transfer.registrationNumber')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name="registeredOn"
                      label={t('transfer.registeredOn')}
                      rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
                    >
                      <Input placeholder="2026-12-01" />
                    </Form.Item>
                    <Button type="primary" htmlType="submit">
                      {t('transfer.register')}
                    </Button>
                  </Form>
                )}
                {['approved', 'registered'].includes(selected.status) && (
                  <Button
                    onClick={() =>
                      void act(
                        () => must(api.POST('/transfer-cases/{caseId}/execution', { params: { path: { caseId } } })),
                        () => setSelected(null),
                      )
                    }
                  >
                    {t('transfer.execute')}
                  </Button>
                )}
              </Space>
            )}
          </>
        )}
      </Drawer>
    </>
  );
}

export function Countdown({ until }: { until: string }) {
  const { t } = useTranslation();
  const left = timeLeft(until);
  return (
    <span data-testid="countdown">{left.over ? t('transfer.periodOver') : t('transfer.left', { days: left.days, hours: left.hours })}</span>
  );
}
