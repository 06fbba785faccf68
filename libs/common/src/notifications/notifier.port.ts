/**
 * One port for every notification the product sends (sign-off reminders, escalations, ...).
 * Adapters: log (default, development and tests) and SMTP. Delivery is at-least-once: callers
 * pass a stable idempotency key (the id of the event that caused the notification) so a retried
 * activity can be recognised downstream.
 */
export interface NotificationRecipients {
  userIds: string[];
  roles: string[];
}

export interface Notification {
  idempotencyKey: string;
  kind: string;
  recipients: NotificationRecipients;
  subject: string;
  body: string;
  /** Where the notification comes from, for the reader and for audit (stream, sign-off, round...). */
  context: Record<string, string | number>;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

export const NOTIFIER = Symbol('NOTIFIER');
