import { Logger } from '@nestjs/common';
import { Notification, Notifier } from './notifier.port';

/** Writes each notification as a structured log line and keeps the recent ones for inspection. */
export class LogNotifier implements Notifier {
  private readonly logger = new Logger('Notifier');
  private readonly recent: Array<Notification & { deliveredAt: string }> = [];

  constructor(private readonly keep = 1_000) {}

  async notify(notification: Notification): Promise<void> {
    const delivered = { ...notification, deliveredAt: new Date().toISOString() };
    this.recent.push(delivered);
    if (this.recent.length > this.keep) this.recent.shift();
    this.logger.log({ msg: 'notification', ...delivered });
  }

  /** What was delivered, oldest first. */
  get delivered(): ReadonlyArray<Notification & { deliveredAt: string }> {
    return this.recent;
  }
}
