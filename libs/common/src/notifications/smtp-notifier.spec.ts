import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseRoleAddresses, SmtpNotifier } from './smtp-notifier';

/** Talks real SMTP to an in-process server on loopback. */
describe('SMTP notifier', () => {
  let server: SMTPServer;
  let port: number;
  const received: Array<{ from: string; to: string[]; data: string }> = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('mails users at the unit domain and roles at their shared mailbox, carrying the idempotency key', async () => {
    const notifier = new SmtpNotifier({
      url: `smtp://127.0.0.1:${port}`,
      from: 'tto@unit.edu.cn',
      userEmailDomain: 'unit.edu.cn',
      roleAddresses: parseRoleAddresses('legal=legal@unit.edu.cn'),
    });
    await notifier.notify({
      idempotencyKey: '3b5e68ab-4123-5a2d-81d1-ddaaf934d3cc',
      kind: 'sign-off-reminder',
      recipients: { userIds: ['li.lei'], roles: ['legal', 'finance'] },
      subject: '待签署：专利申请权转让合同',
      body: 'Please sign before 2026-05-31.',
      context: { streamId: 'contract-1', round: 1 },
    });
    notifier.close();
    expect(received).toHaveLength(1);
    expect(received[0].from).toBe('tto@unit.edu.cn');
    expect(received[0].to.sort()).toEqual(['legal@unit.edu.cn', 'li.lei@unit.edu.cn']);
    expect(received[0].data).toContain('X-Chengguo-Idempotency-Key: 3b5e68ab-4123-5a2d-81d1-ddaaf934d3cc');
  });

  it('refuses a malformed role address list', () => {
    expect(() => parseRoleAddresses('legal')).toThrow(/NOTIFY_ROLE_ADDRESSES/);
  });
});
