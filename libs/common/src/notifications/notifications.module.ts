import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EnvironmentVariables } from '../configuration';
import { LogNotifier } from './log-notifier';
import { NOTIFIER, Notifier } from './notifier.port';
import { parseRoleAddresses, SmtpNotifier } from './smtp-notifier';

@Global()
@Module({
  providers: [
    {
      provide: NOTIFIER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>): Notifier =>
        config.get('NOTIFIER', { infer: true }) === 'smtp'
          ? new SmtpNotifier({
              url: config.get('SMTP_URL', { infer: true })!,
              from: config.get('SMTP_FROM', { infer: true }),
              userEmailDomain: config.get('NOTIFY_EMAIL_DOMAIN', { infer: true }),
              roleAddresses: parseRoleAddresses(config.get('NOTIFY_ROLE_ADDRESSES', { infer: true })),
            })
          : new LogNotifier(),
    },
  ],
  exports: [NOTIFIER],
})
export class NotificationsModule {}
