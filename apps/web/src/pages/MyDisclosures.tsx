import { Button, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, must } from '../api/client';
import { DisclosureView } from '../api/views';
import { PageTitle, ProblemAlert, StatusTag, useLoad } from '../components/common';
import { dateTime } from '../format';

/** The inventor's own disclosures, drafts included (resumed from here). */
export function MyDisclosuresPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading } = useLoad(
    async () => ((await must(api.GET('/disclosures/mine'))) as unknown as { items: DisclosureView[] }).items,
  );
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <PageTitle>{t('menu.disclosures')}</PageTitle>
        <Button type="primary" onClick={() => navigate('/app/disclosures/new')}>
          {t('disclosure.new')}
        </Button>
      </Space>
      <ProblemAlert problem={error} />
      <Table<DisclosureView>
        rowKey="disclosureId"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('disclosure.none') }}
        columns={[
          {
            title: t('disclosure.title'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Link to={row.status === 'draft' ? `/app/disclosures/${row.disclosureId}/edit` : `/app/disclosures/${row.disclosureId}`}>
                {title}
              </Link>
            ),
          },
          { title: t('common.status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
          {
            title: t('disclosure.decision'),
            dataIndex: 'decision',
            render: (decision: string | null) => (decision ? <Tag>{t(`decision.${decision}`)}</Tag> : '—'),
          },
          { title: t('disclosure.updated'), dataIndex: 'submittedAt', render: (v: string | null, row) => dateTime(v ?? row.draftedAt) },
        ]}
      />
    </>
  );
}
