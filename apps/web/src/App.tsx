import { App as AntApp, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth';
import { LANGUAGES } from './i18n';
import { AuditPage } from './pages/Audit';
import { ContractsPage } from './pages/Contracts';
import { DecisionsPage } from './pages/Decisions';
import { DisclosureDetailPage } from './pages/DisclosureDetail';
import { DisclosureFormPage } from './pages/DisclosureForm';
import { EvaluationsPage } from './pages/Evaluations';
import { LedgerPage } from './pages/Ledger';
import { LoginPage } from './pages/Login';
import { MyDisclosuresPage } from './pages/MyDisclosures';
import { NoticesPage } from './pages/Notices';
import { QueuePage } from './pages/Queue';
import { ToSignPage } from './pages/ToSign';
import { TransferCasesPage } from './pages/TransferCases';

/**
 * What each role finds in its menu. Only a convenience: the API's access matrix and the deciders
 * decide, and a page a role may not use would only show the API's refusal.
 */
const MENUS: Record<string, string[]> = {
  inventor: ['disclosures', 'new', 'to-sign', 'contracts', 'notices'],
  tto_officer: ['queue', 'transfer-cases', 'ledger', 'to-sign', 'notices'],
  unit_leader: ['to-sign', 'decisions', 'ledger', 'transfer-cases', 'notices'],
  evaluator: ['evaluations', 'notices'],
  legal: ['to-sign', 'ledger', 'transfer-cases', 'notices'],
  finance: ['to-sign', 'ledger', 'transfer-cases', 'notices'],
  auditor: ['audit', 'ledger', 'notices'],
  discipline_inspection: ['to-sign', 'notices'],
  inspection_tour: ['to-sign', 'notices'],
  supervisory_department: ['to-sign', 'notices'],
  admin: ['queue', 'ledger', 'notices'],
  unit_member: ['notices'],
};
const PATHS: Record<string, string> = {
  disclosures: '/app/disclosures',
  new: '/app/disclosures/new',
  'to-sign': '/app/to-sign',
  contracts: '/app/contracts',
  notices: '/app/notices',
  queue: '/app/queue',
  'transfer-cases': '/app/transfer-cases',
  ledger: '/app/ledger',
  decisions: '/app/decisions',
  evaluations: '/app/evaluations',
  audit: '/app/audit',
};

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      size="small"
      aria-label={t('shell.language')}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={LANGUAGES.map((lng) => ({ value: lng, label: lng === 'en' ? 'English' : '中文' }))}
      onChange={(lng) => void i18n.changeLanguage(String(lng))}
      data-testid="language"
    />
  );
}

function Shell() {
  const { t } = useTranslation();
  const { session, ready, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [drawer, setDrawer] = useState(false);
  const wide = screens.lg ?? true;
  if (!ready) return <Spin fullscreen tip={t('common.loading')} />;
  if (!session)
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <TopBar />
        <LoginPage />
      </Layout>
    );
  const items = (MENUS[session.role] ?? ['notices']).map((key) => ({ key: PATHS[key], label: t(`menu.${key}`) }));
  const selected = items
    .map((i) => i.key)
    .filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`))
    .sort((a, b) => b.length - a.length)[0];
  const menu = (
    <nav aria-label={t('shell.navigation')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selected ? [selected] : []}
        onClick={({ key }) => {
          setDrawer(false);
          navigate(key);
        }}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <TopBar onMenu={wide ? undefined : () => setDrawer(true)} />
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light" style={{ borderInlineEnd: '1px solid #e5e7eb' }}>
            <UserCard name={session.name} role={session.role} onSignOut={() => signOut().then(() => navigate('/app'))} />
            {menu}
          </Layout.Sider>
        ) : (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" width={260} title={t('shell.title')}>
            <UserCard name={session.name} role={session.role} onSignOut={() => signOut().then(() => navigate('/app'))} />
            {menu}
          </Drawer>
        )}
        <Layout.Content style={{ padding: wide ? 24 : 12, maxWidth: 1200, width: '100%' }}>
          <main id="main">
            <Routes>
              <Route path="/app/disclosures" element={<MyDisclosuresPage />} />
              <Route path="/app/disclosures/new" element={<DisclosureFormPage />} />
              <Route path="/app/disclosures/:id/edit" element={<DisclosureFormPage />} />
              <Route path="/app/disclosures/:id" element={<DisclosureDetailPage />} />
              <Route path="/app/to-sign" element={<ToSignPage />} />
              <Route path="/app/contracts" element={<ContractsPage />} />
              <Route path="/app/notices" element={<NoticesPage />} />
              <Route path="/app/queue" element={<QueuePage />} />
              <Route path="/app/transfer-cases" element={<TransferCasesPage />} />
              <Route path="/app/ledger" element={<LedgerPage />} />
              <Route path="/app/decisions" element={<DecisionsPage />} />
              <Route path="/app/evaluations" element={<EvaluationsPage />} />
              <Route path="/app/audit" element={<AuditPage />} />
              <Route path="*" element={<Navigate to={items[0]?.key ?? '/app/notices'} replace />} />
            </Routes>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function TopBar({ onMenu }: { onMenu?: () => void }) {
  const { t } = useTranslation();
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 16px', background: '#16324f', flexWrap: 'nowrap' }}>
      {onMenu && (
        <Button type="text" aria-label={t('shell.openMenu')} onClick={onMenu} style={{ color: '#fff', fontSize: 20 }}>
          ☰
        </Button>
      )}
      <Typography.Text strong style={{ color: '#fff', fontSize: 16, flex: 1, whiteSpace: 'nowrap', overflow: 'hidden' }}>
        {t('shell.title')}
      </Typography.Text>
      <LanguageSwitch />
    </Layout.Header>
  );
}

function UserCard({ name, role, onSignOut }: { name: string; role: string; onSignOut: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} style={{ padding: 16, width: '100%' }} data-testid="user">
      <Typography.Text strong>{name}</Typography.Text>
      <Typography.Text type="secondary">{t(`role.${role}`, { defaultValue: role })}</Typography.Text>
      <Button size="small" onClick={() => void onSignOut()}>
        {t('shell.signOut')}
      </Button>
    </Space>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      // "提交", not "提 交": the label reads (and is announced) as the word it is.
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: '#1557b0',
          fontFamily: '-apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif',
        },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <Shell />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
