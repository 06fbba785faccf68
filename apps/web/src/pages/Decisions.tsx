import { App, Button, Card, Empty, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, must, Problem } from '../api/client';
import { DisclosureView } from '../api/views';
import { asProblem, PageTitle, ProblemAlert, useLoad } from '../components/common';
import { dateTime } from '../format';

/**
 * The unit leader's filing decisions: evaluated disclosures waiting for one (file / do not file →
 * abandonment contract, R3 / trade secret), each citing the evaluation it rests on; then the record.
 */
export function DecisionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const ledger = (status: string) =>
    must(api.GET('/ledger', { params: { query: { status } } })).then((r) => (r as unknown as { items: DisclosureView[] }).items);
  const { data, error, reload } = useLoad(async () => {
    const [waiting, decided] = await Promise.all([ledger('evaluated'), ledger('decided')]);
    return { waiting, decided };
  });
  const decide = async (d: DisclosureView, v: { decision: 'file' | 'do_not_file' | 'trade_secret'; reasons: string }) => {
    setBusy(d.disclosureId);
    setProblem(null);
    try {
      await must(
        api.POST('/disclosures/{id}/decision', {
          params: { path: { id: d.disclosureId } },
          body: { decision: v.decision, reasons: v.reasons, evaluationId: d.evaluationId ?? '' },
        }),
      );
      void message.success(t('decisions.recorded'));
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageTitle>{t('menu.decisions')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {data && data.waiting.length === 0 && <Empty description={t('decisions.none')} />}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {(data?.waiting ?? []).map((d) => (
          <Card key={d.disclosureId} title={<span style={{ whiteSpace: 'normal' }}>{d.title}</span>} data-testid="decision">
            <p>
              {t('evaluation.recommendation')}: <Tag>{d.recommendation ? t(`decision.${d.recommendation}`) : '—'}</Tag> ({d.evaluatorId})
            </p>
            <Form
              layout="vertical"
              initialValues={{ decision: d.recommendation === 'defer' ? undefined : d.recommendation }}
              onFinish={(v) => void decide(d, v)}
            >
              <Form.Item name="decision" label={t('disclosure.decision')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select options={['file', 'do_not_file', 'trade_secret'].map((v) => ({ value: v, label: t(`decision.${v}`) }))} />
              </Form.Item>
              <Form.Item name="reasons" label={t('decisions.reasons')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === d.disclosureId}>
                {t('decisions.decide')}
              </Button>
            </Form>
          </Card>
        ))}
      </Space>
      <h2 style={{ fontSize: 18, marginTop: 24 }}>{t('decisions.record')}</h2>
      <Table<DisclosureView>
        rowKey="disclosureId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data?.decided ?? []}
        columns={[
          {
            title: t('disclosure.title'),
            dataIndex: 'title',
            render: (v: string, row) => <Link to={`/app/disclosures/${row.disclosureId}`}>{v}</Link>,
          },
          { title: t('disclosure.decision'), dataIndex: 'decision', render: (v: string) => <Tag color="green">{t(`decision.${v}`)}</Tag> },
          { title: t('decisions.by'), dataIndex: 'decidedBy' },
          { title: t('decisions.at'), dataIndex: 'decidedAt', render: (v: string) => dateTime(v) },
        ]}
      />
    </>
  );
}
