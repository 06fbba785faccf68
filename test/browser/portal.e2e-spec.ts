import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as } from '../support/tokens';
import { ROOT } from '../support/processes';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'portal');

/**
 * The portal in Debian's headless Chromium against the real API, worker, PostgreSQL and Temporal:
 * one disclosure from the inventor's draft to the leader's decision, then a transfer case whose
 * agreement price appears on the notice board. Every step is checked in Chinese and in English
 * and leaves screenshots in test-artifacts/portal/.
 */
describe('the portal, in a browser, from disclosure to publicity', () => {
  let apps: RunningApps;
  let base: string;
  let portalDir: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  let shot = 0;
  let disclosureId = '';
  const title = `一种高原光伏组件自清洁涂层 ${Date.now().toString(36)}`;

  beforeAll(async () => {
    // The real bundle, built as `npm run build` builds it, into a directory of this run.
    portalDir = mkdtempSync(join(tmpdir(), 'chengguo-web-'));
    // PORTAL_TEST_BUILD=<dir> reuses a build while working on this suite; npm test always builds.
    if (process.env.PORTAL_TEST_BUILD) portalDir = process.env.PORTAL_TEST_BUILD;
    else
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/vite/bin/vite.js'),
          'build',
          '--config',
          'apps/web/vite.config.ts',
          '--outDir',
          portalDir,
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
      );
    apps = await startApps('portal_browser', { env: { PORTAL_DIR: portalDir, AUTH_MODE: 'dev' } });
    await apps.api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(apps.api.getHttpServer().address() as AddressInfo).port}`;
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'chengguo-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 860 },
      locale: 'zh-CN',
      timezoneId: 'Europe/Berlin', // not Beijing: the portal must show Beijing time anyway
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await apps?.close();
    rmSync(profile, { recursive: true, force: true });
    if (!process.env.PORTAL_TEST_BUILD) rmSync(portalDir, { recursive: true, force: true });
  });

  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };

  const language = async (lng: 'zh-CN' | 'en') => {
    await page
      .getByTestId('language')
      .getByText(lng === 'en' ? 'English' : '中文')
      .click();
    // A selector, not a script: waiting must not need script evaluation the portal's CSP forbids.
    await page.locator(`html[lang="${lng}"]`).waitFor({ state: 'attached' });
  };

  /** A fresh session in Chinese (the default), whatever the step before left behind. */
  const signInAs = async (userId: string) => {
    await page.goto(`${base}/app`);
    // (Strings run in the page: the suite's own TypeScript has no DOM types.)
    await page.evaluate("sessionStorage.clear(); localStorage.setItem('chengguo.lang', 'zh-CN')");
    await page.reload();
    await page.locator(`button[data-user="${userId}"]`).click();
    await page.getByTestId('user').waitFor();
  };

  /** Read models follow the events a moment later: reload until the locator shows. */
  const eventually = async (locator: Locator, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await locator.first().waitFor({ timeout: 2_500 });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await screenshot('failed-waiting');
          throw error;
        }
        await page.reload();
      }
    }
  };

  const text = (locator: Locator) => locator.first().innerText();

  it('shows the demo users and signs the inventor in', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.locator('button[data-user]').count()).toBeGreaterThanOrEqual(10);
    await page.getByRole('heading', { name: '演示用户' }).waitFor();
    await screenshot('login-zh');
    await language('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in as 李雷, Inventor' }).count()).toBe(1);
    await screenshot('login-en');
    await language('zh-CN');
    await page.getByRole('button', { name: '以李雷（完成人）身份登录' }).click();
    await page.getByRole('navigation').getByText('我的披露').waitFor();
    expect(await text(page.getByTestId('user'))).toContain('李雷');
  }, 60_000);

  it('lets the inventor draft a disclosure with a co-inventor and an attachment, shares totalled live, save it, resume it and submit it', async () => {
    await page.getByRole('navigation').getByText('新建披露').click();
    await page.getByLabel('成果名称').fill(title);
    await page.getByLabel('摘要').fill('在零下二十度仍保持自清洁性能的光伏组件涂层。');
    await page.getByLabel('技术领域').fill('材料科学');
    await page.getByLabel('构思日期').fill('2026-01-15');
    await page.getByLabel('构思日期').press('Enter');
    await page.getByLabel('项目编号').fill('NSFC-52070001');
    expect(await text(page.getByTestId('share-total'))).toContain('份额合计 100.00 %');
    // A file of a type the unit does not accept is refused, in the user's language, and not listed.
    const upload = page.locator('input[type="file"]');
    await upload.setInputFiles({
      name: 'tool.bin',
      mimeType: 'application/pdf',
      buffer: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xff, 0xfe, 0x00, 0x9c]),
    });
    await page.getByRole('alert').filter({ hasText: '不允许上传此类型的文件' }).waitFor();
    expect(await text(page.getByRole('alert'))).toContain('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(await page.getByTestId('attachments').locator('li').count()).toBe(0);
    await upload.setInputFiles({
      name: '样机测试报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await page.getByTestId('attachments').getByText('样机测试报告.pdf').waitFor();
    await page.getByRole('button', { name: '添加共同完成人' }).click();
    await page.getByLabel('完成人 2：用户名').fill('han.meimei');
    await page.getByLabel('完成人 2：姓名').fill('韩梅梅');
    await page.getByLabel('完成人 2：份额').fill('40');
    await page.getByLabel('完成人 2：份额').blur();
    // 100 + 40: the total is shown at once, and submission is held back.
    expect(await text(page.getByTestId('share-total'))).toContain('份额合计 140.00 %');
    expect(await text(page.getByTestId('share-total'))).toContain('合计须为 100 %（R1）');
    expect(await page.getByRole('button', { name: '提交' }).isDisabled()).toBe(true);
    await page.getByLabel('完成人 1：份额').fill('60');
    await page.getByLabel('完成人 1：份额').blur();
    expect(await text(page.getByTestId('share-total'))).toContain('份额合计 100.00 %');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存。').waitFor();
    await page.waitForURL(/\/app\/disclosures\/[0-9a-f-]{36}\/edit$/);
    disclosureId = /disclosures\/([0-9a-f-]{36})\/edit/.exec(page.url())![1];
    await screenshot('inventor-draft-zh');

    // Resumed after a reload: the draft comes back from the API, not from the browser.
    await page.reload();
    for (let i = 0; i < 100 && (await page.locator('#title').inputValue()) === ''; i++) await page.waitForTimeout(100);
    expect(await page.getByLabel('成果名称').inputValue()).toBe(title);
    expect(await page.getByLabel('完成人 2：份额').inputValue()).toBe('40.00');
    await language('en');
    expect(await text(page.getByTestId('share-total'))).toContain('Shares total 100.00 %');
    await page.getByLabel('Inventor 2: name').waitFor();
    await screenshot('inventor-draft-en');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(`${base}/app/disclosures/${disclosureId}`);
    await eventually(page.getByText('Awaiting co-inventors'));
    await page.getByRole('button', { name: '样机测试报告.pdf' }).waitFor();
    await language('zh-CN');
    await page.getByText('待共同完成人确认').waitFor();
    await page.getByRole('navigation').getByText('我的披露').click();
    await page.getByRole('link', { name: title }).waitFor();
    await screenshot('inventor-disclosures-zh');
  }, 90_000);

  it('lets the co-inventor read the terms and their hash in the to-sign list, and sign', async () => {
    await signInAs('han.meimei');
    await page.getByRole('navigation').getByText('待我签署').click();
    const card = page.locator(`[data-testid="to-sign"][data-stream="disclosure-${disclosureId}"]`);
    await eventually(card);
    expect(await text(card)).toContain('确认共同完成人贡献份额');
    expect(await card.getByTestId('share').allInnerTexts()).toEqual(['60.00 %', '40.00 %']);
    const round = await request(apps.api.getHttpServer())
      .get(`/sign-offs/disclosure-${disclosureId}/co-inventor-confirmation`)
      .set(as('han.meimei', 'inventor'))
      .expect(200);
    expect(await card.locator('[data-hash]').getAttribute('data-hash')).toBe(round.body.termsHash);
    await screenshot('co-inventor-to-sign-zh');
    await language('en');
    expect(await text(card)).toContain("Confirm the co-inventors' shares");
    expect(await text(card)).toContain('Terms hash (SHA-256)');
    await screenshot('co-inventor-to-sign-en');
    await card.getByRole('button', { name: 'Sign' }).click();
    await page.getByText('Signed.', { exact: true }).waitFor();
    await eventually(page.getByText('Nothing waits for your signature.'));
    await language('zh-CN');
  }, 90_000);

  it('lets the TTO acknowledge the confirmed disclosure and assign an evaluator', async () => {
    await signInAs('wang.tto');
    await page.getByRole('navigation').getByText('受理队列').click();
    const row = page.locator('tr', { hasText: title });
    await eventually(row.getByRole('button', { name: '受理' }));
    expect(await text(row)).toContain('已确认');
    await screenshot('tto-queue-zh');
    await row.getByRole('button', { name: '受理' }).click();
    await eventually(row.getByRole('button', { name: '指派评估人' }));
    await language('en');
    expect(await text(row)).toContain('Acknowledged');
    await row.getByRole('button', { name: 'Assign evaluator' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Evaluator (user id)').fill('eval.zhang');
    await screenshot('tto-assign-en');
    await dialog.getByRole('button', { name: 'Assign evaluator' }).click();
    await eventually(row.getByText('eval.zhang'));
    expect(await text(row)).toContain('Under evaluation');
    await language('zh-CN');
    expect(await text(row)).toContain('评估中');
  }, 90_000);

  it('lets the evaluator record the evaluation from their assigned list', async () => {
    await signInAs('eval.zhang');
    const card = page.getByTestId('evaluation').filter({ hasText: title });
    await eventually(card.getByRole('button', { name: '提交评估' }));
    await card.getByLabel('市场评估').fill('高原光伏运维市场明确，建议申请发明专利。');
    await card.getByLabel('建议').click();
    await page.locator('.ant-select-item-option[title="申请专利"]').click();
    await screenshot('evaluator-form-zh');
    await card.getByRole('button', { name: '提交评估' }).click();
    await page.getByText('评估已记录。').waitFor();
    await language('en');
    await eventually(card.getByText('Recommendation: File a patent'));
    await screenshot('evaluator-done-en');
    await language('zh-CN');
  }, 90_000);

  it('lets the unit leader decide, citing the evaluation', async () => {
    await signInAs('sun.leader');
    await page.getByRole('navigation').getByText('申请决策').click();
    const card = page.getByTestId('decision').filter({ hasText: title });
    await eventually(card);
    expect(await text(card)).toContain('申请专利');
    await card.getByLabel('理由').fill('评估结论明确，具备授权前景。');
    await language('en');
    await screenshot('leader-decision-en');
    await card.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('Decision recorded.').waitFor();
    const decided = page.locator('tr', { hasText: title });
    await eventually(decided);
    expect(await text(decided)).toContain('File a patent');
    await language('zh-CN');
    expect(await text(decided)).toContain('申请专利');
    await screenshot('leader-decided-zh');
  }, 90_000);

  it('lets the TTO open a transfer case from the ledger and publish its agreement price', async () => {
    await signInAs('wang.tto');
    await page.getByRole('navigation').getByText('成果台账').click();
    const row = page.locator('tr', { hasText: title });
    // The register learns of the decision through the worker's reaction.
    await eventually(row.getByRole('button', { name: '新建转化案件' }));
    expect(await text(row)).toContain('李雷 60.00 %');
    await screenshot('tto-ledger-zh');
    await row.getByRole('button', { name: '新建转化案件' }).click();
    expect(await page.getByLabel('成果编号（见台账）').inputValue()).toBe(disclosureId);
    await page.getByLabel('交易对方').fill('西藏高原新能源科技有限公司');
    await page.getByLabel('拟交易价格（元）').fill('1200000.5');
    await page.getByRole('button', { name: '新建转化案件' }).click();
    const caseRow = page.locator('tr', { hasText: title });
    await eventually(caseRow.getByText('待公示'));
    expect(await text(caseRow)).toContain('¥1,200,000.50');
    await caseRow.getByRole('button', { name: '详情' }).click();
    await page.getByRole('button', { name: '发布公示' }).click();
    await page.getByText('已完成。').first().waitFor();
    await eventually(caseRow.getByText('公示中'));
    expect(await text(caseRow.getByTestId('countdown'))).toMatch(/^剩余 1[45] 天 \d+ 小时$/);
    await language('en');
    expect(await text(caseRow)).toContain('In publicity');
    expect(await text(caseRow.getByTestId('countdown'))).toMatch(/^1[45] d \d+ h left$/);
    await screenshot('tto-transfer-case-en');
    await language('zh-CN');
  }, 120_000);

  it('shows the notice on the board to anyone in the unit, readable on a 375 px phone', async () => {
    await signInAs('zhao.member');
    await page.setViewportSize({ width: 375, height: 780 });
    await page.goto(`${base}/app/notices`);
    const notice = page.getByTestId('notice').filter({ hasText: title });
    await eventually(notice);
    expect(await text(notice)).toContain('¥1,200,000.50');
    expect(await text(notice)).toContain('剩余天数');
    expect(await text(notice)).toMatch(/15\s*天/);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot('member-notices-375-zh');
    await language('en');
    expect(await text(notice)).toContain('Days remaining');
    expect(await text(notice)).toContain('Proposed price');
    await screenshot('member-notices-375-en');
    // The menu is one tap away and reachable by keyboard.
    await page.getByRole('button', { name: 'Open the menu' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByText('Publicity notices').waitFor();
    await page.keyboard.press('Escape');
    await language('zh-CN');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 90_000);
});
