import { createTransport, Transporter } from 'nodemailer';
import { Notification, Notifier } from './notifier.port';

export interface SmtpNotifierOptions {
  /** smtp://user:pass@host:587 or smtps://host:465 */
  url: string;
  from: string;
  /** Users are mailed at <userId>@<domain>. */
  userEmailDomain: string;
  /** Shared mailboxes of roles (e.g. legal → legal@unit.edu.cn). Roles without one are skipped. */
  roleAddresses: Record<string, string>;
}

/** Sends notifications by e-mail. The idempotency key travels as a header for de-duplication. */
export class SmtpNotifier implements Notifier {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpNotifierOptions) {
    this.transport = createTransport(options.url);
  }

  async notify(notification: Notification): Promise<void> {
    const to = [
      ...notification.recipients.userIds.map((id) => `${id}@${this.options.userEmailDomain}`),
      ...notification.recipients.roles.flatMap((role) => (this.options.roleAddresses[role] ? [this.options.roleAddresses[role]] : [])),
    ];
    if (to.length === 0) return;
    await this.transport.sendMail({
      from: this.options.from,
      to: [...new Set(to)],
      subject: notification.subject,
      text: notification.body,
      headers: { 'X-Chengguo-Idempotency-Key': notification.idempotencyKey, 'X-Chengguo-Kind': notification.kind },
      messageId: `<${notification.idempotencyKey}@chengguo>`,
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** Parses `legal=legal@unit.edu.cn,finance=finance@unit.edu.cn`. */
export function parseRoleAddresses(value: string | undefined): Record<string, string> {
  if (!value) return {};
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const [role, address] = pair.split('=').map((s) => s.trim());
        if (!role || !address || !address.includes('@')) throw new Error(`NOTIFY_ROLE_ADDRESSES: cannot read "${pair}"`);
        return [role, address];
      }),
  );
}
