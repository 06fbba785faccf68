import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, must, Problem, uploadAttachment } from '../api/client';
import { Attachment, DisclosureContent, DisclosureView } from '../api/views';
import { useAuth } from '../auth/auth';
import { asProblem, fieldProblems, PageTitle, ProblemAlert } from '../components/common';

interface FormValues {
  title: string;
  abstract: string;
  technicalField: string;
  fundingKind: DisclosureContent['funding']['kind'];
  projectNumber?: string;
  conceptionDate: dayjs.Dayjs;
  confidentiality: DisclosureContent['confidentiality'];
  involvesNationalSecurity: boolean;
  isKeyCoreTechnology: boolean;
  inventors: Array<{ userId: string; name: string; sharePercent: number }>;
}

/** Percent with two decimals (as typed) ↔ basis points (as stored; R1 wants 10000 in total). */
const toBasisPoints = (percent: number) => Math.round((percent ?? 0) * 100);

function toContent(values: FormValues, attachments: Attachment[]): DisclosureContent {
  return {
    title: values.title,
    abstract: values.abstract,
    technicalField: values.technicalField,
    funding: values.projectNumber ? { kind: values.fundingKind, projectNumber: values.projectNumber } : { kind: values.fundingKind },
    conceptionDate: values.conceptionDate?.format('YYYY-MM-DD') ?? '',
    confidentiality: values.confidentiality,
    involvesNationalSecurity: !!values.involvesNationalSecurity,
    isKeyCoreTechnology: !!values.isKeyCoreTechnology,
    inventors: (values.inventors ?? []).map((i) => ({ userId: i.userId, name: i.name, shareBasisPoints: toBasisPoints(i.sharePercent) })),
    attachments,
  };
}

/**
 * The disclosure form (R1): saved as a draft that can be resumed, then submitted. Shares are typed
 * in percent and shown totalling live; the API refuses a total other than 100 % (R1_SHARES_NOT_100_PERCENT).
 */
export function DisclosureFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const navigate = useNavigate();
  const { session } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const [disclosureId, setDisclosureId] = useState<string | undefined>(id);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'upload' | null>(null);
  const inventors = Form.useWatch('inventors', form) ?? [];
  const fundingKind = Form.useWatch('fundingKind', form);
  const total = inventors.reduce((sum, i) => sum + toBasisPoints(i?.sharePercent ?? 0), 0);

  useEffect(() => {
    if (!id) {
      form.setFieldsValue({
        fundingKind: 'fiscal',
        confidentiality: 'internal',
        involvesNationalSecurity: false,
        isKeyCoreTechnology: false,
        inventors: [{ userId: session?.userId ?? '', name: session?.name ?? '', sharePercent: 100 }],
      });
      return;
    }
    must(api.GET('/disclosures/{id}', { params: { path: { id } } }))
      .then((raw) => {
        const d = raw as unknown as DisclosureView;
        const c = d.content;
        setAttachments(c.attachments);
        form.setFieldsValue({
          title: c.title,
          abstract: c.abstract,
          technicalField: c.technicalField,
          fundingKind: c.funding.kind,
          projectNumber: c.funding.projectNumber,
          conceptionDate: dayjs(c.conceptionDate),
          confidentiality: c.confidentiality,
          involvesNationalSecurity: c.involvesNationalSecurity,
          isKeyCoreTechnology: c.isKeyCoreTechnology,
          inventors: c.inventors.map((i) => ({ userId: i.userId, name: i.name, sharePercent: i.shareBasisPoints / 100 })),
        });
      })
      .catch((e) => setProblem(asProblem(e)));
  }, [id, form, session]);

  const save = async (): Promise<string | null> => {
    setProblem(null);
    const content = toContent(form.getFieldsValue(true) as FormValues, attachments);
    try {
      if (!disclosureId) {
        const created = (await must(api.POST('/disclosures', { body: content }))) as unknown as { disclosureId: string };
        setDisclosureId(created.disclosureId);
        window.history.replaceState(null, '', `/app/disclosures/${created.disclosureId}/edit`);
        return created.disclosureId;
      }
      await must(api.PUT('/disclosures/{id}/draft', { params: { path: { id: disclosureId } }, body: content }));
      return disclosureId;
    } catch (e) {
      setProblem(asProblem(e));
      return null;
    }
  };

  const onSave = async () => {
    setBusy('save');
    const saved = await save();
    setBusy(null);
    if (saved) void message.success(t('disclosure.saved'));
  };

  const onSubmit = async () => {
    setBusy('submit');
    try {
      await form.validateFields();
    } catch {
      setBusy(null);
      return;
    }
    const saved = await save();
    if (saved) {
      try {
        await must(api.POST('/disclosures/{id}/submission', { params: { path: { id: saved } } }));
        void message.success(t('disclosure.submitted'));
        navigate(`/app/disclosures/${saved}`);
      } catch (e) {
        setProblem(asProblem(e));
      }
    }
    setBusy(null);
  };

  const upload = async (file: File) => {
    setBusy('upload');
    setProblem(null);
    try {
      const stored = await uploadAttachment(file);
      setAttachments((list) => [...list, { name: stored.name || file.name, sha256: stored.sha256, sizeBytes: stored.sizeBytes }]);
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };

  const help = (property: string) => fieldProblems(problem, property);
  return (
    <>
      <PageTitle>{id ? t('disclosure.editTitle') : t('disclosure.new')}</PageTitle>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      <Form<FormValues> form={form} layout="vertical" scrollToFirstError>
        <Card title={t('disclosure.sectionAchievement')} size="small" style={{ marginBottom: 16 }}>
          <Form.Item
            name="title"
            label={t('disclosure.title')}
            rules={[{ required: true, message: t('validation.required') }]}
            validateStatus={help('title') ? 'error' : undefined}
            help={help('title')}
          >
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item
            name="abstract"
            label={t('disclosure.abstract')}
            rules={[{ required: true, message: t('validation.required') }]}
            validateStatus={help('abstract') ? 'error' : undefined}
            help={help('abstract')}
          >
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="technicalField"
                label={t('disclosure.technicalField')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="conceptionDate"
                label={t('disclosure.conceptionDate')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('disclosure.sectionFunding')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="fundingKind" label={t('disclosure.fundingKind')}>
                <Select options={['fiscal', 'enterprise', 'self_funded', 'other'].map((v) => ({ value: v, label: t(`funding.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="projectNumber"
                label={t('disclosure.projectNumber')}
                rules={[{ required: fundingKind === 'fiscal', message: t('disclosure.projectNumberRequired') }]}
                validateStatus={help('funding') ? 'error' : undefined}
                help={help('funding')}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="confidentiality" label={t('disclosure.confidentiality')}>
            <Select
              options={['public', 'internal', 'commercial_secret', 'state_secret'].map((v) => ({
                value: v,
                label: t(`confidentiality.${v}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="involvesNationalSecurity" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>{t('disclosure.nationalSecurity')}</Checkbox>
          </Form.Item>
          <Form.Item name="isKeyCoreTechnology" valuePropName="checked">
            <Checkbox>{t('disclosure.keyCore')}</Checkbox>
          </Form.Item>
        </Card>
        <Card title={t('disclosure.sectionInventors')} size="small" style={{ marginBottom: 16 }}>
          <Form.List name="inventors">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Row gutter={8} key={field.key} align="top" data-testid="inventor-row">
                    <Col xs={24} sm={8}>
                      <Form.Item
                        name={[field.name, 'userId']}
                        label={t('disclosure.inventorId', { n: index + 1 })}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={8}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('disclosure.inventorName', { n: index + 1 })}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={16} sm={5}>
                      <Form.Item
                        name={[field.name, 'sharePercent']}
                        label={t('disclosure.share', { n: index + 1 })}
                        rules={[{ required: true, message: t('validation.required') }]}
                      >
                        <InputNumber min={0.01} max={100} step={0.01} precision={2} addonAfter="%" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} sm={3} style={{ paddingTop: 30 }}>
                      {fields.length > 1 && (
                        <Button onClick={() => remove(field.name)} aria-label={t('disclosure.removeInventor', { n: index + 1 })}>
                          {t('common.remove')}
                        </Button>
                      )}
                    </Col>
                  </Row>
                ))}
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Button onClick={() => add({ userId: '', name: '', sharePercent: 0 })}>{t('disclosure.addInventor')}</Button>
                  <div aria-live="polite" data-testid="share-total" data-total={total}>
                    <Typography.Text strong type={total === 10000 ? 'success' : 'danger'}>
                      {t('disclosure.shareTotal', { total: (total / 100).toFixed(2) })}
                      {total !== 10000 && ` — ${t('disclosure.shareMustBe100')}`}
                    </Typography.Text>
                    <Progress
                      percent={Math.min(100, total / 100)}
                      status={total === 10000 ? 'success' : total > 10000 ? 'exception' : 'active'}
                      showInfo={false}
                      aria-hidden
                    />
                  </div>
                </Space>
              </>
            )}
          </Form.List>
        </Card>
        <Card title={t('disclosure.sectionAttachments')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('disclosure.attachmentsNote')}</Typography.Paragraph>
          <ul data-testid="attachments" style={{ paddingInlineStart: 18 }}>
            {attachments.map((a) => (
              <li key={a.sha256}>
                {a.name} ({Math.ceil(a.sizeBytes / 1024)} KiB) <Typography.Text code>{a.sha256.slice(0, 12)}…</Typography.Text>{' '}
                <Button
                  size="small"
                  type="link"
                  onClick={() => setAttachments((list) => list.filter((x) => x.sha256 !== a.sha256))}
                  aria-label={t('disclosure.removeAttachment', { name: a.name })}
                >
                  {t('common.remove')}
                </Button>
              </li>
            ))}
          </ul>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button loading={busy === 'upload'}>{t('disclosure.upload')}</Button>
          </Upload>
        </Card>
        <Space wrap>
          <Button onClick={() => void onSave()} loading={busy === 'save'}>
            {t('disclosure.saveDraft')}
          </Button>
          <Button type="primary" onClick={() => void onSubmit()} loading={busy === 'submit'} disabled={total !== 10000}>
            {t('disclosure.submit')}
          </Button>
        </Space>
      </Form>
    </>
  );
}
