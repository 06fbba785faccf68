import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must, Problem } from '../api/client';
import { NoticeView, ObjectionView } from '../api/views';
import { useAuth } from '../auth/auth';
import { asProblem, PageTitle, ProblemAlert, useLoad } from '../components/common';
import { date, dateTime, yuan } from '../format';

/**
 * The publicity notice board (公示, R7): every notice now in its period, readable without a click —
 * name, proposed price, period and days remaining; anyone in the unit may object. Only the TTO
 * sees the objections and resolves them.
 */
export function NoticesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { session } = useAuth();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [objecting, setObjecting] = useState<NoticeView | null>(null);
  const [resolving, setResolving] = useState<{ notice: NoticeView; objection: ObjectionView } | null>(null);
  const { data, error, loading, reload } = useLoad(
    async () => (await must(api.GET('/publicity-notices'))) as unknown as { asOf: string; items: NoticeView[] },
  );
  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      void message.success(t('common.done'));
      setObjecting(null);
      setResolving(null);
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  return (
    <>
      <PageTitle>{t('menu.notices')}</PageTitle>
      <Typography.Paragraph type="secondary">{t('notices.intro')}</Typography.Paragraph>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {!loading && (data?.items ?? []).length === 0 && <Empty description={t('notices.none')} />}
      <Row gutter={[16, 16]}>
        {(data?.items ?? []).map((n) => (
          <Col xs={24} md={12} key={`${n.caseId}-${n.round}`}>
            <Card title={<span style={{ whiteSpace: 'normal' }}>{n.achievement.name}</span>} data-testid="notice" data-case={n.caseId}>
              <Row gutter={[12, 12]}>
                <Col xs={24} sm={14}>
                  <Statistic title={t('notices.price')} value={yuan(n.proposedPriceFen)} />
                </Col>
                <Col xs={24} sm={10}>
                  <Statistic
                    title={t('notices.daysRemaining')}
                    value={n.daysRemaining}
                    suffix={t('notices.days')}
                    valueStyle={{ color: n.daysRemaining <= 3 ? '#b42318' : undefined }}
                  />
                </Col>
              </Row>
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('notices.published')}>{dateTime(n.publishedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('notices.period')}>
                  {t('notices.periodValue', { days: n.days, end: date(n.periodEndsAt) })}
                </Descriptions.Item>
              </Descriptions>
              {n.awaitingObjectionResolution && <Tag color="orange">{t('notices.awaitingResolution')}</Tag>}
              {(n.objections ?? []).map((o) => (
                <Card
                  key={o.objectionId}
                  size="small"
                  type="inner"
                  title={`${t('notices.objection')} · ${o.raisedBy}`}
                  style={{ marginTop: 8 }}
                >
                  <p>{o.reason}</p>
                  <Tag>{t(`objection.${o.status}`, { defaultValue: o.status })}</Tag>
                  {o.status === 'open' && session?.role === 'tto_officer' && (
                    <Button size="small" onClick={() => setResolving({ notice: n, objection: o })}>
                      {t('notices.resolve')}
                    </Button>
                  )}
                </Card>
              ))}
              {session?.role !== 'auditor' && (
                <Button style={{ marginTop: 12 }} onClick={() => setObjecting(n)}>
                  {t('notices.object')}
                </Button>
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <Modal open={!!objecting} title={t('notices.object')} footer={null} onCancel={() => setObjecting(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { reason: string }) =>
            objecting &&
            void act(() =>
              must(api.POST('/transfer-cases/{caseId}/objections', { params: { path: { caseId: objecting.caseId } }, body: v })),
            )
          }
        >
          <Form.Item name="reason" label={t('notices.objectionReason')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.send')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!resolving} title={t('notices.resolve')} footer={null} onCancel={() => setResolving(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { resolution: 'dismiss' | 'uphold'; reasons: string }) =>
            resolving &&
            void act(() =>
              must(
                api.POST('/transfer-cases/{caseId}/objections/{objectionId}/resolution', {
                  params: { path: { caseId: resolving.notice.caseId, objectionId: resolving.objection.objectionId } },
                  body: v,
                }),
              ),
            )
          }
        >
          <Form.Item name="resolution" label={t('notices.resolution')} initialValue="dismiss">
            <select aria-label={t('notices.resolution')} style={{ padding: 6 }}>
              <option value="dismiss">{t('objection.dismissed')}</option>
              <option value="uphold">{t('objection.upheld')}</option>
            </select>
          </Form.Item>
          <Form.Item name="reasons" label={t('decisions.reasons')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.send')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
