import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, must, Problem } from '../api/client';
import { AuditedEvent } from '../api/views';
import { asProblem, PageTitle, ProblemAlert } from '../components/common';
import { dateTime, ZONE } from '../format';

interface Verification {
  ok: boolean;
  checkedEvents: number;
  checkedStreams?: number;
  firstBreak: { streamId?: string; revision?: number; reason?: string } | null;
}

/**
 * The auditors' desk (read-only): an achievement's timeline across processes with each event's
 * verification, a stream's state as of an instant, whole-store verification, exports, and — for
 * the audit lead — who read what. Every read here is itself recorded (AuditorReadRecorded).
 */
export function AuditPage() {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [timeline, setTimeline] = useState<{ events: AuditedEvent[]; verification: Verification[] } | null>(null);
  const [achievementId, setAchievementId] = useState('');
  const [state, setState] = useState<unknown>(null);
  const [store, setStore] = useState<Verification | null>(null);
  const [reads, setReads] = useState<Array<Record<string, unknown>> | null>(null);
  const run = async (action: () => Promise<void>) => {
    setProblem(null);
    try {
      await action();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  const loadTimeline = (id: string) =>
    run(async () => {
      setAchievementId(id);
      const body = await must(api.GET('/audit/achievements/{achievementId}/timeline', { params: { path: { achievementId: id } } }));
      setTimeline(body as unknown as { events: AuditedEvent[]; verification: Verification[] });
    });
  const intact = timeline?.verification.every((v) => v.ok);
  return (
    <>
      <PageTitle>{t('menu.audit')}</PageTitle>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      <Tabs
        items={[
          {
            key: 'timeline',
            label: t('audit.timeline'),
            children: (
              <>
                <Form
                  layout="inline"
                  onFinish={(v: { id: string }) => void loadTimeline(v.id.trim())}
                  style={{ marginBottom: 16, rowGap: 8 }}
                >
                  <Form.Item name="id" label={t('audit.achievementId')} rules={[{ required: true, message: t('validation.required') }]}>
                    <Input style={{ minWidth: 280 }} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit">
                    {t('audit.load')}
                  </Button>
                  {timeline && (
                    <Space wrap>
                      <Button
                        onClick={() =>
                          void run(() => download(`/audit/achievements/${achievementId}/export?format=csv`, `${achievementId}.csv`))
                        }
                      >
                        CSV
                      </Button>
                      <Button
                        onClick={() =>
                          void run(() => download(`/audit/achievements/${achievementId}/export?format=jsonl`, `${achievementId}.jsonl`))
                        }
                      >
                        JSON Lines
                      </Button>
                    </Space>
                  )}
                </Form>
                {timeline && (
                  <>
                    <Alert
                      type={intact ? 'success' : 'error'}
                      showIcon
                      data-testid="verification"
                      message={intact ? t('audit.intact', { n: timeline.events.length }) : t('audit.broken')}
                      style={{ marginBottom: 16 }}
                    />
                    <Timeline
                      items={timeline.events.map((e) => ({
                        color: e.verification === 'verified' ? 'green' : e.verification === 'unverified' ? 'gray' : 'red',
                        children: (
                          <div data-testid="audit-event" data-type={e.type}>
                            <Typography.Text strong>{e.type}</Typography.Text>{' '}
                            <Tag color={e.verification === 'verified' ? 'green' : 'red'}>
                              {t(`audit.status.${e.verification}`, { defaultValue: e.verification })}
                            </Tag>
                            {e.ruleKeys.map((k) => (
                              <Tag key={k} color="blue">
                                {k}
                              </Tag>
                            ))}
                            <div>
                              <Typography.Text type="secondary">
                                {dateTime(e.recordedAt)} ·{' '}
                                {e.actor ? `${e.actor.userId} (${t(`role.${e.actor.role}`, { defaultValue: e.actor.role })})` : '—'} ·{' '}
                                {e.streamId}#{e.revision}
                              </Typography.Text>
                            </div>
                          </div>
                        ),
                      }))}
                    />
                  </>
                )}
              </>
            ),
          },
          {
            key: 'state',
            label: t('audit.asOf'),
            children: (
              <>
                <Form
                  layout="vertical"
                  onFinish={(v: { streamId: string; asOf?: dayjs.Dayjs }) =>
                    void run(async () => {
                      const query = v.asOf ? { asOf: v.asOf.tz(ZONE, true).toISOString() } : {};
                      setState(
                        await must(
                          api.GET('/audit/streams/{streamId}/state', {
                            params: { path: { streamId: v.streamId.trim() }, query: query as never },
                          }),
                        ),
                      );
                    })
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="streamId"
                        label={t('audit.streamId')}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <Input placeholder="disclosure-…" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name="asOf" label={t('audit.asOfTime')}>
                        <DatePicker showTime style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Button type="primary" htmlType="submit">
                    {t('audit.replay')}
                  </Button>
                </Form>
                {state !== null && (
                  <pre
                    style={{
                      whiteSpace: 'pre-wrap',
                      wordBreak: 'break-word',
                      fontSize: 12,
                      background: '#f6f7f9',
                      padding: 8,
                      marginTop: 12,
                    }}
                  >
                    {JSON.stringify(state, null, 2)}
                  </pre>
                )}
              </>
            ),
          },
          {
            key: 'verify',
            label: t('audit.verifyStore'),
            children: (
              <Card size="small">
                <Button
                  type="primary"
                  onClick={() => void run(async () => setStore((await must(api.GET('/audit/verification'))) as unknown as Verification))}
                >
                  {t('audit.verifyStore')}
                </Button>
                {store && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type={store.ok ? 'success' : 'error'}
                    showIcon
                    message={
                      store.ok
                        ? t('audit.storeIntact', { n: store.checkedEvents })
                        : t('audit.storeBroken', { at: JSON.stringify(store.firstBreak) })
                    }
                  />
                )}
              </Card>
            ),
          },
          {
            key: 'reads',
            label: t('audit.reads'),
            children: (
              <>
                <Form
                  layout="inline"
                  initialValues={{ day: dayjs() }}
                  onFinish={(v: { day: dayjs.Dayjs }) =>
                    void run(async () => {
                      const body = await must(api.GET('/audit/reads', { params: { query: { day: v.day.format('YYYY-MM-DD') } as never } }));
                      setReads((body as unknown as { reads: Array<Record<string, unknown>> }).reads);
                    })
                  }
                >
                  <Form.Item name="day" label={t('audit.day')}>
                    <DatePicker />
                  </Form.Item>
                  <Button htmlType="submit">{t('audit.load')}</Button>
                </Form>
                {reads && (
                  <Table
                    style={{ marginTop: 12 }}
                    size="small"
                    rowKey={(r) => `${String(r.viewedAt)}-${String(r.auditorId)}-${String(r.action)}`}
                    dataSource={reads}
                    scroll={{ x: true }}
                    columns={[
                      { title: t('audit.auditor'), dataIndex: 'auditorId' },
                      { title: t('audit.action'), dataIndex: 'action' },
                      { title: t('audit.target'), dataIndex: 'target', render: (v: unknown) => JSON.stringify(v) },
                      { title: t('audit.viewedAt'), dataIndex: 'viewedAt', render: (v: string) => dateTime(v) },
                    ]}
                  />
                )}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
