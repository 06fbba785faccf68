import { EnvironmentVariables } from '@chengguo/common';
import { ConfigService } from '@nestjs/config';

/** What the portal's sign-in depends on, read once from the validated configuration. */
export interface PortalSettings {
  authMode: 'dev' | 'oidc';
  /** The development login may mint tokens: AUTH_MODE=dev outside production, with the issuer's secret. */
  devLogin: { secret: string } | null;
  oidc: { authority: string; clientId: string; scope: string } | null;
}

export function portalSettings(config: ConfigService<EnvironmentVariables, true>): PortalSettings {
  const authMode = config.get('AUTH_MODE', { infer: true });
  const secret = config.get('AUTH_DEV_SECRET', { infer: true });
  const production = config.get('NODE_ENV', { infer: true }) === 'production';
  return {
    authMode,
    devLogin: authMode === 'dev' && !production && secret ? { secret } : null,
    oidc:
      authMode === 'oidc'
        ? {
            authority: config.get('AUTH_ISSUER', { infer: true })!,
            clientId: config.get('AUTH_OIDC_CLIENT_ID', { infer: true }),
            scope: config.get('AUTH_OIDC_SCOPE', { infer: true }),
          }
        : null,
  };
}
