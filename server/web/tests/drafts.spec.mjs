#!/usr/bin/env node
// Browser test of issue 16, "nothing a user types is lost": a draft typed with missing fields is
// saved as it is typed, survives leaving through the menu and a reload, and at submit every
// missing field is named beside it in Vietnamese; two tabs editing the same draft cannot
// silently overwrite each other (the later save gets the choice "Tải lại" / "So sánh" and keeps
// what was typed).
//
//   node tests/drafts.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage, signIn as signInWith } from './lib.mjs';

const TIMEOUT = 90_000;
let server; let browser; let page;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const saved = (p) => p.waitForFunction(() => /^Đã lưu lúc \d\d:\d\d$/.test(document.querySelector('[data-testid=save-status]').textContent));

test('no typed work is lost in the draft editor', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team, `no team among the demo users; server said:\n${server.output()}`);
  const body = `Nội dung gõ trước khi chọn đơn vị soạn thảo (thử ${Date.now()}).`;
  let editUrl = '';
  try {
    await t.test('a body typed alone is saved, survives leaving through the menu and a reload', async () => {
      await signInWith(page, server.url, team.specialist);
      await page.click('[data-testid=new-document]');
      await page.waitForSelector('#f-body');
      await page.selectOption('#f-typeCode', 'CV');
      // Required fields are marked.
      for (const name of ['typeCode', 'subject', 'body', 'signerId', 'draftingUnit', 'recipients']) {
        assert.equal(await page.locator(`.field[data-field=${name}].required .required-mark`).count(), 1, `${name} marked required`);
      }
      await page.fill('#f-body', body);
      await saved(page);
      editUrl = page.url();
      assert.match(editUrl, /#\/documents\/\d+\/edit$/);
      // More typed, and the menu clicked at once (before the autosave's pause): saved first.
      await page.fill('#f-body', `${body}\n\nĐoạn thứ hai gõ ngay trước khi rời trang.`);
      await page.click('[data-tab=drafts]');
      await page.waitForFunction(() => location.hash === '#/list/drafts');
      await page.goto(editUrl);
      await page.waitForSelector('#f-body');
      assert.equal(await page.inputValue('#f-body'), `${body}\n\nĐoạn thứ hai gõ ngay trước khi rời trang.`);
      await page.reload();
      await page.waitForSelector('#f-body');
      assert.equal(await page.inputValue('#f-body'), `${body}\n\nĐoạn thứ hai gõ ngay trước khi rời trang.`);
      assert.equal(await page.inputValue('#f-subject'), '');
    });

    await t.test('submitting names every missing field beside it, in Vietnamese, all at once', async () => {
      await page.click('[data-action=submit]');
      await page.waitForSelector('[data-testid=problems]:not([hidden])');
      for (const name of ['subject', 'recipients', 'draftingUnit']) {
        const text = await page.textContent(`.field[data-field=${name}].invalid .field-error`);
        assert.ok(text && text.trim().length > 5, `${name}: ${text}`);
        assert.doesNotMatch(text, /is missing|field "|must be/, `${name}: ${text}`);
      }
      const list = await page.textContent('[data-testid=problems]');
      assert.match(list, /Chưa trình được: còn \d+ chỗ cần sửa/);
      assert.match(await page.textContent('[data-testid=save-status]'), /Chưa trình/);
      // Still a draft, still all there.
      await page.reload();
      await page.waitForSelector('#f-body');
      assert.match(await page.inputValue('#f-body'), /Đoạn thứ hai/);
    });

    await t.test('two tabs cannot silently overwrite each other', async () => {
      const other = await watchedPage(browser, problems, TIMEOUT);
      try {
        await other.goto(editUrl);
        await other.waitForSelector('#f-body');
        // This tab saves first.
        await page.fill('#f-subject', 'bản của thẻ thứ nhất');
        await saved(page);
        // The other tab, still on the older version, types and its save is refused.
        const typed = `${await other.inputValue('#f-body')}\n\nThêm ở thẻ thứ hai.`;
        await other.fill('#f-body', typed);
        await other.waitForSelector('[data-testid=conflict]:not([hidden])');
        const conflictText = await other.textContent('[data-testid=conflict]');
        assert.match(conflictText, /lưu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/, conflictText);
        assert.equal(await other.inputValue('#f-body'), typed, 'what was typed stays');
        // "So sánh" shows their version beside mine.
        await other.click('[data-testid=conflict] [data-action=compare]');
        await other.waitForSelector('dialog[open] [data-testid=compare]');
        const compared = await other.textContent('dialog[open] [data-testid=compare]');
        assert.match(compared, /bản của thẻ thứ nhất/);
        assert.match(compared, /Thêm ở thẻ thứ hai/);
        await other.click('dialog[open] button[value=cancel]');
        await other.waitForSelector('dialog[open]', { state: 'detached' });
        // Nothing was overwritten on the server.
        await page.reload();
        await page.waitForSelector('#f-body');
        assert.equal(await page.inputValue('#f-subject'), 'bản của thẻ thứ nhất');
        assert.doesNotMatch(await page.inputValue('#f-body'), /Thêm ở thẻ thứ hai/);
        // Leaving the tab with the refused save asks first; staying keeps the text.
        await other.click('[data-tab=drafts]');
        await other.waitForSelector('dialog[open]');
        await other.click('dialog[open] button[value=cancel]');
        await other.waitForSelector('dialog[open]', { state: 'detached' });
        assert.match(other.url(), /\/edit$/);
        assert.equal(await other.inputValue('#f-body'), typed);
        // "Tải lại" takes the saved version.
        await other.click('[data-testid=conflict] [data-action=reload]');
        await other.click('dialog[open] [data-testid=dialog-confirm]');
        await other.waitForSelector('[data-testid=conflict]', { state: 'hidden' });
        assert.equal(await other.inputValue('#f-subject'), 'bản của thẻ thứ nhất');
      } finally {
        await other.close();
      }
    });
  } catch (e) {
    await page.screenshot({ path: 'test-output/drafts-failure.png' }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, []);
});
