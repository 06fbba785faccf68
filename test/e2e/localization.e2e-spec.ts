import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';

/**
 * Problems in the caller's language: Simplified Chinese unless Accept-Language prefers English; the
 * code never changes, and validation messages name the field in either language.
 */
describe('problem+json in the caller’s language', () => {
  let apps: RunningApps;
  let api: INestApplication;
  const li = as('li.lei', 'inventor');
  const missing = '/disclosures/00000000-0000-4000-8000-00000000abcd';

  beforeAll(async () => {
    apps = await startApps('e2elocalization', { worker: false });
    api = apps.api;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());

  it('answers in Simplified Chinese by default and in English when asked, with the same code', async () => {
    const zh = await http().get(missing).set(li).expect(404);
    expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zh.headers['content-language']).toBe('zh-CN');
    expect(zh.body).toMatchObject({
      code: 'DISCLOSURE_NOT_FOUND',
      title: '没有该成果披露（或尚未生成）。',
      detail: '没有该成果披露（或尚未生成）。',
    });

    const en = await http().get(missing).set(li).set('Accept-Language', 'en-GB,en;q=0.9,zh;q=0.5').expect(404);
    expect(en.headers['content-language']).toBe('en');
    expect(en.body).toMatchObject({ code: 'DISCLOSURE_NOT_FOUND', title: 'No such disclosure (yet).' });
    expect(en.body.detail).toContain('00000000-0000-4000-8000-00000000abcd');

    const anonymous = await http().get(missing).set('Accept-Language', 'zh-CN').expect(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', title: '请先登录：请求需要有效的访问令牌（Bearer token）。' });
  });

  it('localizes validation messages and names the field', async () => {
    const body = { title: 'x'.repeat(501), unexpected: 1 };
    const zh = await http().post('/disclosures').set(li).send(body).expect(422);
    expect(zh.body.code).toBe('VALIDATION_FAILED');
    expect(zh.body.title).toBe('请求内容未通过校验。');
    const byField = (errors: Array<{ property: string; problems: string[] }>) =>
      Object.fromEntries(errors.map((e) => [e.property, e.problems]));
    expect(byField(zh.body.errors)).toMatchObject({
      title: ['title 最多 500 个字符。'],
      unexpected: ['不允许字段 unexpected。'],
      confidentiality: [expect.stringMatching(/^confidentiality 须为以下之一：public, internal, commercial_secret, state_secret。$/)],
    });

    const en = await http().post('/disclosures').set(li).set('Accept-Language', 'en').send(body).expect(422);
    expect(en.body.title).toBe('The request is not valid.');
    expect(byField(en.body.errors)).toMatchObject({
      title: ['title must be shorter than or equal to 500 characters'],
      unexpected: ['property unexpected should not exist'],
    });
  });

  it('localizes the refusals of an upload too', async () => {
    const zh = await http().post('/attachments').set(li).send({}).expect(415);
    expect(zh.body).toMatchObject({ code: 'ATTACHMENT_MULTIPART_REQUIRED', title: '请以 multipart/form-data 格式在 file 字段上传文件。' });
    const en = await http().post('/attachments').set(li).set('Accept-Language', 'en').send({}).expect(415);
    expect(en.body.title).toBe('Upload a file as multipart/form-data in the field `file`.');
  });
});
