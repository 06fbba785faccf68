import { App, Button, Card, Descriptions, Form, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, download, must, Problem } from '../api/client';
import { DisclosureView, Inventor, SignOffRound } from '../api/views';
import { useAuth } from '../auth/auth';
import { asProblem, Hash, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { date, dateTime, percent } from '../format';

/** One disclosure as its reader may see it: content, shares, the confirmation round, questions, the decision. */
export function DisclosureDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { session } = useAuth();
  const [problem, setProblem] = useState<Problem | null>(null);
  const { data, error, reload } = useLoad(async () => {
    const disclosure = (await must(api.GET('/disclosures/{id}', { params: { path: { id } } }))) as unknown as DisclosureView;
    const round = await must(
      api.GET('/sign-offs/{streamId}/{signOffId}', {
        params: { path: { streamId: `disclosure-${id}`, signOffId: 'co-inventor-confirmation' } },
      }),
    ).catch(() => null);
    return { disclosure, round: round as unknown as SignOffRound | null };
  }, [id]);
  const answer = async (values: { answer: string }) => {
    try {
      await must(api.POST('/disclosures/{id}/clarification-answers', { params: { path: { id } }, body: values }));
      void message.success(t('common.done'));
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  if (error) return <ProblemAlert problem={error} />;
  if (!data) return null;
  const { disclosure: d, round } = data;
  const c = d.content;
  return (
    <>
      <PageTitle>{d.title}</PageTitle>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('common.status')}>
          <StatusTag status={d.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('disclosure.submittedAt')}>{dateTime(d.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.technicalField')}>{c.technicalField}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.conceptionDate')}>{date(c.conceptionDate)}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.fundingKind')}>
          {t(`funding.${c.funding.kind}`)} {c.funding.projectNumber ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('disclosure.confidentiality')}>{t(`confidentiality.${c.confidentiality}`)}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.abstract')} span={2}>
          {c.abstract}
        </Descriptions.Item>
        {d.decision && (
          <Descriptions.Item label={t('disclosure.decision')} span={2}>
            <Tag color="green">{t(`decision.${d.decision}`)}</Tag> {d.decisionReasons} ({d.decidedBy}, {dateTime(d.decidedAt)})
            {d.decision === 'do_not_file' && (
              <>
                {' '}
                <Link to="/app/contracts">{t('menu.contracts')}</Link>
              </>
            )}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Card size="small" title={t('disclosure.sectionInventors')} style={{ marginBottom: 16 }}>
        <Table<Inventor>
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={c.inventors}
          columns={[
            { title: t('disclosure.inventorNameColumn'), dataIndex: 'name' },
            { title: t('disclosure.inventorIdColumn'), dataIndex: 'userId' },
            { title: t('disclosure.shareColumn'), dataIndex: 'shareBasisPoints', render: (v: number) => percent(v) },
            {
              title: t('disclosure.confirmation'),
              key: 'confirmation',
              render: (_: unknown, i) => {
                const party = round?.parties.find((p) => p.userId === i.userId);
                return party ? t(`decisionState.${party.decision}`, { defaultValue: party.decision }) : t('disclosure.submitter');
              },
            },
          ]}
        />
        {round && (
          <p style={{ marginTop: 8 }}>
            {t('toSign.termsHash')}: <Hash value={round.termsHash} />
          </p>
        )}
      </Card>
      {c.attachments.length > 0 && (
        <Card size="small" title={t('disclosure.sectionAttachments')} style={{ marginBottom: 16 }}>
          <ul>
            {c.attachments.map((a) => (
              <li key={a.sha256}>
                <Button type="link" onClick={() => download(`/attachments/${a.sha256}`, a.name).catch((e) => setProblem(asProblem(e)))}>
                  {a.name}
                </Button>{' '}
                <Hash value={a.sha256} />
              </li>
            ))}
          </ul>
        </Card>
      )}
      {d.openQuestion && (
        <Card size="small" title={t('disclosure.openQuestion')} style={{ marginBottom: 16 }}>
          <p>{d.openQuestion}</p>
          {session?.role === 'inventor' && (
            <Form layout="vertical" onFinish={(v) => void answer(v as { answer: string })}>
              <Form.Item name="answer" label={t('disclosure.answer')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                {t('disclosure.sendAnswer')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </>
  );
}
