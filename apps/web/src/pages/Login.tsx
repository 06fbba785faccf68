import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Problem } from '../api/client';
import { useAuth } from '../auth/auth';
import { asProblem, ProblemAlert } from '../components/common';

/**
 * Signing in. On the embedded default the development issuer lists its demo users, one button
 * each; in production the unit's single sign-on (OIDC, authorization code with PKCE).
 */
export function LoginPage() {
  const { t } = useTranslation();
  const { config, signInAsDemoUser, signInWithProvider } = useAuth();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const navigate = useNavigate();
  const signIn = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    try {
      await action();
      // Start on the new user's own first page, never on the page the last user left open.
      navigate('/app', { replace: true });
    } catch (e) {
      setProblem(asProblem(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('login.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('login.intro')}</Typography.Paragraph>
      <ProblemAlert problem={problem} onClose={() => setProblem(null)} />
      {config?.authMode === 'oidc' ? (
        <Button type="primary" size="large" loading={busy === 'oidc'} onClick={() => void signIn('oidc', signInWithProvider)}>
          {t('login.sso')}
        </Button>
      ) : (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('login.demoUsers')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.devNote')}</Typography.Paragraph>
          <Row gutter={[12, 12]} role="list">
            {(config?.demoUsers ?? []).map((user) => (
              <Col xs={24} sm={12} md={8} key={user.userId} role="listitem">
                <Card size="small">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text strong>{user.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t(`role.${user.role}`)}
                      {user.note ? ` · ${t(`login.note.${user.note}`)}` : ''}
                    </Typography.Text>
                    <Typography.Text code>{user.userId}</Typography.Text>
                    <Button
                      type="primary"
                      block
                      data-user={user.userId}
                      loading={busy === user.userId}
                      aria-label={t('login.signInAs', { name: user.name, role: t(`role.${user.role}`) })}
                      onClick={() => void signIn(user.userId, () => signInAsDemoUser(user.userId))}
                    >
                      {t('login.signIn')}
                    </Button>
                  </Space>
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
    </main>
  );
}
