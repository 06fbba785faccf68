import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, download, must, Problem } from '../api/client';
import { AchievementView } from '../api/views';
import { useAuth } from '../auth/auth';
import { asProblem, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { dateTime, percent } from '../format';

export const ACHIEVEMENT_KINDS = [
  'invention_patent',
  'utility_model',
  'design',
  'software_copyright',
  'ic_layout',
  'plant_variety',
  'know_how',
];
export const ACHIEVEMENT_STATUSES = [
  'disclosed',
  'under_evaluation',
  'to_be_filed',
  'kept_as_know_how',
  'to_be_abandoned',
  'abandoned_to_inventors',
  'filed',
  'granted',
  'transferred',
  'licensed',
  'invested',
  'withdrawn',
];

type Filters = Partial<Record<'kind' | 'status' | 'confidentiality' | 'inventor' | 'year' | 'r5FilingRequired', string>>;

/** The ledger (台账, R12) with its filters, and the same filters as a CSV export (UTF-8 with BOM). */
export function LedgerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useAuth();
  const [filters, setFilters] = useState<Filters>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
  const { data, error, loading } = useLoad(
    // The ledger's filters are not in the OpenAPI document yet, so the query is passed untyped.
    async () =>
      (
        (await must(api.GET('/achievements', { params: { query: { ...query, limit: '200' } as never } }))) as unknown as {
          items: AchievementView[];
        }
      ).items,
    [JSON.stringify(query)],
  );
  const exportCsv = () =>
    download(`/achievements/export.csv?${new URLSearchParams(query as Record<string, string>)}`, 'ledger.csv').catch((e) =>
      setProblem(asProblem(e)),
    );
  return (
    <>
      <PageTitle>{t('menu.ledger')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      <Form
        layout="vertical"
        onFinish={(v: Filters & { year?: number }) => setFilters({ ...v, year: v.year ? String(v.year) : undefined })}
        aria-label={t('ledger.filters')}
      >
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label={t('ledger.kind')}>
              <Select allowClear options={ACHIEVEMENT_KINDS.map((v) => ({ value: v, label: t(`kind.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="status" label={t('common.status')}>
              <Select allowClear options={ACHIEVEMENT_STATUSES.map((v) => ({ value: v, label: t(`status.${v}`, { defaultValue: v }) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="confidentiality" label={t('disclosure.confidentiality')}>
              <Select
                allowClear
                options={['public', 'internal', 'commercial_secret', 'state_secret'].map((v) => ({
                  value: v,
                  label: t(`confidentiality.${v}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="inventor" label={t('ledger.inventor')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="year" label={t('ledger.year')}>
              <InputNumber min={1990} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit">
            {t('ledger.apply')}
          </Button>
          <Button onClick={() => void exportCsv()}>{t('ledger.exportCsv')}</Button>
        </Space>
      </Form>
      <Table<AchievementView>
        rowKey="achievementId"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20 }}
        scroll={{ x: true }}
        columns={[
          { title: t('disclosure.title'), dataIndex: 'title' },
          { title: t('ledger.kind'), dataIndex: 'kind', render: (v: string | null) => (v ? t(`kind.${v}`) : t('ledger.kindOpen')) },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('ledger.inventors'),
            dataIndex: 'inventors',
            render: (list: AchievementView['inventors']) => list.map((i) => `${i.name} ${percent(i.shareBasisPoints)}`).join('，'),
          },
          {
            title: t('disclosure.confidentiality'),
            key: 'confidentiality',
            render: (_: unknown, row) => (
              <Space size={2} wrap>
                {t(`confidentiality.${row.classification.confidentiality}`)}
                {row.r5FilingRequired && <Tag color="red">R5</Tag>}
              </Space>
            ),
          },
          { title: t('ledger.registeredAt'), dataIndex: 'registeredAt', render: (v: string | null) => dateTime(v) },
          ...(session?.role === 'tto_officer'
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  render: (_: unknown, row: AchievementView) =>
                    ['to_be_filed', 'filed', 'granted', 'kept_as_know_how'].includes(row.status) ? (
                      <Button
                        size="small"
                        onClick={() => navigate(`/app/transfer-cases?achievement=${encodeURIComponent(row.achievementId)}`)}
                      >
                        {t('transfer.open')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
