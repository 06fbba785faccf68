import { App, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, must, Problem } from '../api/client';
import { DisclosureView, PendingSignOff, SignOffRound, TransferCaseView } from '../api/views';
import { asProblem, Hash, PageTitle, ProblemAlert, useLoad } from '../components/common';
import { dateTime, percent, yuan } from '../format';

interface Item {
  pending: PendingSignOff;
  round: SignOffRound | null;
  /** The record whose terms are signed, as the API shows it now. */
  subject:
    | { kind: 'disclosure'; disclosure: DisclosureView }
    | { kind: 'transfer'; transferCase: TransferCaseView }
    | { kind: 'other'; body: unknown };
}

async function subjectOf(streamId: string): Promise<Item['subject']> {
  const disclosure = /^disclosure-(.+)$/.exec(streamId);
  if (disclosure) {
    const d = await must(api.GET('/disclosures/{id}', { params: { path: { id: disclosure[1] } } }));
    return { kind: 'disclosure', disclosure: d as unknown as DisclosureView };
  }
  const transfer = /^transfer-case-(.+)$/.exec(streamId);
  if (transfer) {
    const c = await must(api.GET('/transfer-cases/{caseId}', { params: { path: { caseId: transfer[1] } } }));
    return { kind: 'transfer', transferCase: c as unknown as TransferCaseView };
  }
  const contract = /^abandonment-contract-(.+)$/.exec(streamId);
  if (contract) return { kind: 'other', body: await must(api.GET('/contracts/{id}', { params: { path: { id: contract[1] } } })) };
  return { kind: 'other', body: null };
}

/**
 * What waits for the caller's signature: the terms in full, the hash the signature binds to, and
 * sign / reject / delegate. Signing sends that very hash; if the terms changed meanwhile the API
 * refuses (the round was reopened with a new hash) and the page shows why.
 */
export function ToSignPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [rejecting, setRejecting] = useState<Item | null>(null);
  const [delegating, setDelegating] = useState<Item | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(async () => {
    const { items } = (await must(api.GET('/sign-offs/pending', { params: { query: {} } }))) as unknown as { items: PendingSignOff[] };
    return Promise.all(
      items.map(async (pending): Promise<Item> => {
        const [round, subject] = await Promise.all([
          must(
            api.GET('/sign-offs/{streamId}/{signOffId}', {
              params: { path: { streamId: pending.streamId, signOffId: pending.signOffId } },
            }),
          )
            .then((r) => r as unknown as SignOffRound)
            .catch(() => null),
          subjectOf(pending.streamId).catch((e: unknown) => ({ kind: 'other' as const, body: asProblem(e) })),
        ]);
        return { pending, round, subject };
      }),
    );
  });

  const path = (item: Item) => ({ streamId: item.pending.streamId, signOffId: item.pending.signOffId });
  const act = async (key: string, action: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setProblem(null);
    try {
      await action();
      void message.success(done);
      setRejecting(null);
      setDelegating(null);
      reload();
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle>{t('menu.to-sign')}</PageTitle>
      <ProblemAlert problem={problem ?? error} onClose={() => setProblem(null)} />
      {!loading && (data ?? []).length === 0 && <Empty description={t('toSign.none')} />}
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        {(data ?? []).map((item) => {
          const key = `${item.pending.streamId}/${item.pending.signOffId}/${item.pending.partyId}`;
          return (
            <Card
              key={key}
              data-testid="to-sign"
              data-stream={item.pending.streamId}
              title={
                <Space wrap>
                  <span>{t(`signOff.${item.pending.signOffId}`, { defaultValue: item.pending.subject })}</span>
                  {item.pending.overdue && <Tag color="red">{t('common.overdue')}</Tag>}
                </Space>
              }
            >
              <Terms subject={item.subject} />
              <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('toSign.deadline')}>{dateTime(item.pending.deadline)}</Descriptions.Item>
                <Descriptions.Item label={t('toSign.asParty')}>
                  {t(`role.${item.pending.role}`, { defaultValue: item.pending.role })} ({item.pending.partyId})
                </Descriptions.Item>
                <Descriptions.Item label={t('toSign.termsHash')}>
                  <Hash value={item.round?.termsHash} />
                </Descriptions.Item>
              </Descriptions>
              <Typography.Paragraph type="secondary">{t('toSign.hashNote')}</Typography.Paragraph>
              <Space wrap>
                <Button
                  type="primary"
                  disabled={!item.pending.actionable || !item.round}
                  loading={busy === `sign:${key}`}
                  onClick={() =>
                    void act(
                      `sign:${key}`,
                      () =>
                        must(
                          api.POST('/sign-offs/{streamId}/{signOffId}/signatures', {
                            params: { path: path(item) },
                            body: { termsHash: item.round!.termsHash, partyId: item.pending.partyId },
                          }),
                        ),
                      t('toSign.signed'),
                    )
                  }
                >
                  {t('toSign.sign')}
                </Button>
                <Button danger disabled={!item.pending.actionable} onClick={() => setRejecting(item)}>
                  {t('toSign.reject')}
                </Button>
                <Button disabled={!item.pending.actionable} onClick={() => setDelegating(item)}>
                  {t('toSign.delegate')}
                </Button>
              </Space>
            </Card>
          );
        })}
      </Space>
      <Modal open={!!rejecting} title={t('toSign.reject')} footer={null} onCancel={() => setRejecting(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { reason: string }) =>
            rejecting &&
            void act(
              'reject',
              () =>
                must(
                  api.POST('/sign-offs/{streamId}/{signOffId}/rejections', {
                    params: { path: path(rejecting) },
                    body: { reason: v.reason, partyId: rejecting.pending.partyId },
                  }),
                ),
              t('toSign.rejected'),
            )
          }
        >
          <Form.Item name="reason" label={t('toSign.reason')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy === 'reject'}>
            {t('toSign.reject')}
          </Button>
        </Form>
      </Modal>
      <Modal open={!!delegating} title={t('toSign.delegate')} footer={null} onCancel={() => setDelegating(null)} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(v: { toUserId: string }) =>
            delegating &&
            void act(
              'delegate',
              () =>
                must(
                  api.POST('/sign-offs/{streamId}/{signOffId}/delegations', {
                    params: { path: path(delegating) },
                    body: { toUserId: v.toUserId, partyId: delegating.pending.partyId },
                  }),
                ),
              t('toSign.delegated'),
            )
          }
        >
          <Form.Item name="toUserId" label={t('toSign.delegateTo')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'delegate'}>
            {t('toSign.delegate')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}

/** The terms in full, as the owning record states them. */
function Terms({ subject }: { subject: Item['subject'] }) {
  const { t } = useTranslation();
  if (subject.kind === 'disclosure') {
    const d = subject.disclosure;
    return (
      <Descriptions bordered size="small" column={1} title={t('toSign.terms')}>
        <Descriptions.Item label={t('disclosure.title')}>{d.title}</Descriptions.Item>
        {d.content.inventors.map((i) => (
          <Descriptions.Item key={i.userId} label={`${i.name} (${i.userId})`}>
            <span data-testid="share">{percent(i.shareBasisPoints)}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  }
  if (subject.kind === 'transfer') {
    const c = subject.transferCase;
    return (
      <Descriptions bordered size="small" column={1} title={t('toSign.terms')}>
        <Descriptions.Item label={t('transfer.achievement')}>{c.achievementName}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.mode')}>{t(`mode.${c.mode}`)}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.pricing')}>{t(`pricing.${c.pricingMethod}`)}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.counterparty')}>{c.counterparty?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.price')}>{yuan(c.priceFen)}</Descriptions.Item>
        <Descriptions.Item label={t('transfer.publicityEnds')}>{dateTime(c.publicityPeriodEndsAt)}</Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12, background: '#f6f7f9', padding: 8 }}>
      {JSON.stringify(subject.body, null, 2)}
    </pre>
  );
}
