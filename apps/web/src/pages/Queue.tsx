import { App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, must, Problem } from '../api/client';
import { DisclosureView } from '../api/views';
import { asProblem, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { dateTime } from '../format';

/**
 * The TTO's intake queue, overdue first: acknowledge, ask the inventors a question, assign the
 * pre-filing evaluation (R2). The decision records show what the leader decided on which evaluation.
 */
export function QueuePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [asking, setAsking] = useState<DisclosureView | null>(null);
  const [assigning, setAssigning] = useState<DisclosureView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(
    async () => ((await must(api.GET('/disclosures/queue'))) as unknown as { items: DisclosureView[] }).items,
  );
  const act = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    setProblem(null);
    try {
      await action();
      void message.success(t('common.done'));
      setAsking(null);
      setAssigning(null);
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageTitle>{t('menu.queue')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      <Table<DisclosureView>
        rowKey="disclosureId"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('queue.none') }}
        columns={[
          {
            title: t('disclosure.title'),
            dataIndex: 'title',
            render: (v: string, row) => <Link to={`/app/disclosures/${row.disclosureId}`}>{v}</Link>,
          },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('queue.due'),
            dataIndex: 'dueAt',
            render: (due: string | null, row) => (
              <Space size={4} wrap>
                {dateTime(due)}
                {row.overdue ? <Tag color="red">{t('common.overdue')}</Tag> : due ? <Tag color="blue">{t('queue.onTime')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('queue.evaluator'), dataIndex: 'evaluatorId', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Space wrap>
                {row.status === 'confirmed' && (
                  <Button
                    type="primary"
                    size="small"
                    loading={busy === `ack:${row.disclosureId}`}
                    onClick={() =>
                      void act(`ack:${row.disclosureId}`, () =>
                        must(api.POST('/disclosures/{id}/acknowledgement', { params: { path: { id: row.disclosureId } } })),
                      )
                    }
                  >
                    {t('queue.acknowledge')}
                  </Button>
                )}
                {['acknowledged', 'under_evaluation', 'clarification_requested'].includes(row.status) && (
                  <Button size="small" onClick={() => setAssigning(row)}>
                    {t('queue.assign')}
                  </Button>
                )}
                {['confirmed', 'acknowledged', 'under_evaluation'].includes(row.status) && (
                  <Button size="small" onClick={() => setAsking(row)}>
                    {t('queue.ask')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!asking} title={t('queue.ask')} footer={null} onCancel={() => setAsking(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { question: string }) =>
            asking &&
            void act('ask', () =>
              must(api.POST('/disclosures/{id}/clarification-requests', { params: { path: { id: asking.disclosureId } }, body: v })),
            )
          }
        >
          <Form.Item name="question" label={t('queue.question')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'ask'}>
            {t('common.send')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!assigning} title={t('queue.assign')} footer={null} onCancel={() => setAssigning(null)} destroyOnHidden>
        <Form
          layout="vertical"
          initialValues={{ kind: 'tto_staff' }}
          onFinish={(v: { kind: 'tto_staff' | 'external_agency'; userId: string; agencyName?: string }) =>
            assigning &&
            void act('assign', () =>
              must(
                api.POST('/disclosures/{id}/evaluator', {
                  params: { path: { id: assigning.disclosureId } },
                  body: v.agencyName ? v : { kind: v.kind, userId: v.userId },
                }),
              ),
            )
          }
        >
          <Form.Item name="kind" label={t('queue.evaluatorKind')}>
            <Select
              options={[
                { value: 'tto_staff', label: t('queue.ttoStaff') },
                { value: 'external_agency', label: t('queue.agency') },
              ]}
            />
          </Form.Item>
          <Form.Item name="userId" label={t('queue.evaluatorId')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder="eval.zhang" />
          </Form.Item>
          <Form.Item name="agencyName" label={t('queue.agencyName')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'assign'}>
            {t('queue.assign')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
