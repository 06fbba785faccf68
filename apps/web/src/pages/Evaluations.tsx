import { App, Button, Card, Empty, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must, Problem } from '../api/client';
import { DisclosureView } from '../api/views';
import { asProblem, PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { dateTime } from '../format';

interface EvaluationValues {
  novelty: 'yes' | 'no' | 'uncertain';
  inventiveness: 'yes' | 'no' | 'uncertain';
  practicalApplicability: 'yes' | 'no' | 'uncertain';
  notes?: string;
  technologyReadinessLevel: number;
  marketAssessment: string;
  recommendation: 'file' | 'do_not_file' | 'trade_secret' | 'defer';
}

/** The evaluator's assigned pre-filing evaluations (R2), each with the evaluation form. */
export function EvaluationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(
    async () => ((await must(api.GET('/disclosures/assigned'))) as unknown as { items: DisclosureView[] }).items,
  );
  const evaluate = async (d: DisclosureView, v: EvaluationValues) => {
    setBusy(d.disclosureId);
    setProblem(null);
    try {
      await must(
        api.POST('/disclosures/{id}/evaluation', {
          params: { path: { id: d.disclosureId } },
          body: {
            patentability: {
              novelty: v.novelty,
              inventiveness: v.inventiveness,
              practicalApplicability: v.practicalApplicability,
              notes: v.notes ?? '',
            },
            technologyReadinessLevel: v.technologyReadinessLevel,
            marketAssessment: v.marketAssessment,
            recommendation: v.recommendation,
          },
        }),
      );
      void message.success(t('evaluation.recorded'));
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };
  const assessments = ['yes', 'uncertain', 'no'].map((v) => ({ value: v, label: t(`assessment.${v}`) }));
  return (
    <>
      <PageTitle>{t('menu.evaluations')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {!loading && (data ?? []).length === 0 && <Empty description={t('evaluation.none')} />}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {(data ?? []).map((d) => (
          <Card
            key={d.disclosureId}
            title={<span style={{ whiteSpace: 'normal' }}>{d.title}</span>}
            extra={<StatusTag status={d.status} />}
            data-testid="evaluation"
          >
            <p>{d.content.abstract}</p>
            <p>
              {t('disclosure.technicalField')}: {d.content.technicalField} · {t('queue.due')}: {dateTime(d.dueAt)}
            </p>
            {d.status === 'under_evaluation' ? (
              <Form<EvaluationValues>
                layout="vertical"
                initialValues={{ novelty: 'yes', inventiveness: 'uncertain', practicalApplicability: 'yes', technologyReadinessLevel: 4 }}
                onFinish={(v) => void evaluate(d, v)}
              >
                <Form.Item name="novelty" label={t('evaluation.novelty')}>
                  <Radio.Group options={assessments} />
                </Form.Item>
                <Form.Item name="inventiveness" label={t('evaluation.inventiveness')}>
                  <Radio.Group options={assessments} />
                </Form.Item>
                <Form.Item name="practicalApplicability" label={t('evaluation.practicalApplicability')}>
                  <Radio.Group options={assessments} />
                </Form.Item>
                <Form.Item name="notes" label={t('evaluation.notes')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item name="technologyReadinessLevel" label={t('evaluation.trl')}>
                  <InputNumber min={1} max={9} />
                </Form.Item>
                <Form.Item
                  name="marketAssessment"
                  label={t('evaluation.market')}
                  rules={[{ required: true, message: t('validation.required') }]}
                >
                  <Input.TextArea rows={2} />
                </Form.Item>
                <Form.Item
                  name="recommendation"
                  label={t('evaluation.recommendation')}
                  rules={[{ required: true, message: t('validation.required') }]}
                >
                  <Select
                    options={['file', 'do_not_file', 'trade_secret', 'defer'].map((v) => ({ value: v, label: t(`decision.${v}`) }))}
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy === d.disclosureId}>
                  {t('evaluation.submit')}
                </Button>
              </Form>
            ) : (
              <p>
                {t('evaluation.recommendation')}: {d.recommendation ? t(`decision.${d.recommendation}`) : '—'}
              </p>
            )}
          </Card>
        ))}
      </Space>
    </>
  );
}
