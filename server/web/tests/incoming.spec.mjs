#!/usr/bin/env node
// Browser test of the incoming side (issue 5): the letter that UBND huyện Văn Quan issued to UBND
// xã Nghi Dương in the demo data arrives there; the commune's clerk registers it, a leader
// assigns it with a deadline, the specialist drafts the reply (addressed back electronically)
// and closes it; Văn Quan's clerk sees each status on the letter's page. A paper letter entered
// twice is warned with the earlier entry and kept with the clerk's reason (issue 14 item 2).
//
//   node tests/incoming.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, parseDemoUsers, webDir, watchedPage,
  takeStep, signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã';
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

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

async function openIncoming(tab, subject) {
  await page.goto(`${server.url}/#/incoming?tab=${tab}`);
  const link = page.locator('[data-testid=incoming-list] td.subject a', { hasText: subject });
  await link.first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

const step = (action, expectedState, fill) => takeStep(page, action, expectedState, fill);

test('an incoming letter is registered, assigned and answered in the browser', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
  const team = pickTeam(accounts, /NGHI DƯƠNG/i);
  assert.ok(team, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);
  const sender = parseDemoUsers(server.output()).find((p) => p.username === 'vanthu.vq');
  try {
    await t.test('the clerk sees it verified and registers it', async () => {
      await signIn(team.clerk);
      await openIncoming('arrived', LETTER);
      assert.equal(await page.getAttribute('.doc-head [data-signature]', 'data-signature'), 'valid');
      await page.waitForSelector('.doc-pdf canvas.pdf-page');
      const actions = await page.$$eval('[data-testid=actions] [data-action]', (bs) => bs.map((b) => b.dataset.action));
      assert.deepEqual(actions, ['register', 'refuse']);
      await step('register', 'registered');
      assert.match(await page.textContent('[data-testid=arrival-number]'), /^\d+ \(ngày /);
      await page.goto(`${server.url}/#/incoming-register`);
      await page.locator('[data-testid=incoming-register] tbody tr', { hasText: LETTER }).waitFor();
      await signOut();
    });

    await t.test('a leader assigns it with a deadline', async () => {
      await signIn(team.leader);
      await openIncoming('registered', LETTER);
      await step('assign', 'assigned', async () => {
        await page.selectOption('#assign-user', String(team.specialist.user.id));
        await page.fill('#assign-deadline', '2099-12-31');
        await page.fill('#assign-instructions', 'Tham mưu văn bản trả lời.');
      });
      assert.match(await page.textContent('[data-testid=assignee]'), new RegExp(team.specialist.user.fullName));
      assert.equal((await page.textContent('[data-testid=deadline]')).trim(), '31/12/2099');
      await signOut();
    });

    await t.test('the specialist drafts the reply, addressed back to the sender, and closes it', async () => {
      await signIn(team.specialist);
      await openIncoming('mine', LETTER);
      await step('reply', null, async () => {
        assert.match(await page.inputValue('#reply-subject'), /trả lời văn bản/);
      });
      await page.waitForURL(/#\/documents\/\d+\/edit$/);
      await page.waitForSelector('#f-recipientOffices');
      assert.ok(await page.isChecked('#f-recipientOffices input[value="DEMO.UB.VQ"]'), 'the reply goes back to Văn Quan');
      await page.goBack();
      await page.waitForSelector('[data-testid=reply]');
      assert.match(await page.textContent('.doc-head'), /Đang xử lý/);
      await step('close', 'done', async () => { await page.fill('#close-note', 'Đã dự thảo văn bản trả lời.'); });
      await signOut();
    });

    if (sender) {
      await t.test('the sender sees each status of the commune', async () => {
        await signIn(sender);
        await page.goto(`${server.url}/#/documents/1`);
        const row = page.locator('[data-testid=recipients] li[data-code="DEMO.UB.ND"]');
        await row.waitFor();
        assert.equal(await row.getAttribute('data-status'), '06');
        const text = await row.textContent();
        for (const label of ['Đã đến', 'Đã vào sổ', 'Đã giao xử lý', 'Đang xử lý', 'Đã xử lý xong']) assert.ok(text.includes(label), `${label} in ${text}`);
        await signOut();
      });
    }

    await t.test('a paper letter entered twice: warned with the earlier entry, kept and registered with a reason', async () => {
      await signIn(team.clerk);
      // The scan: the PDF of the letter that arrived here.
      const list = await (await page.request.get(`${server.url}/api/incoming`)).json();
      const arrived = list.find((d) => d.subject === LETTER);
      assert.ok(arrived, 'the demo letter is in the list');
      const scan = await (await page.request.get(`${server.url}/api/incoming/${arrived.id}/pdf`)).body();
      const dir = path.join(webDir, 'test-output');
      mkdirSync(dir, { recursive: true });
      const scanPath = path.join(dir, 'duplicate-scan.pdf');
      writeFileSync(scanPath, scan);
      const enter = async (senderName) => {
        await page.goto(`${server.url}/#/incoming/new`);
        await page.waitForSelector('[data-testid=paper-form]');
        await page.fill('#p-senderName', senderName);
        await page.fill('#p-notation', '77/CAX-TM');
        await page.fill('#p-issuedDate', '2026-06-10');
        await page.fill('#p-subject', 'bảo đảm an ninh trật tự (kiểm tra trùng)');
        await page.setInputFiles('#p-scan', scanPath);
        await page.click('[data-testid=paper-submit]');
      };
      await enter('Công an xã Nghi Dương');
      await page.waitForURL(/#\/incoming\/\d+$/);
      const firstId = Number(page.url().match(/(\d+)$/)[1]);
      assert.equal(await page.locator('[data-testid=duplicate]').count(), 0);
      await step('register', 'registered');

      // The same letter typed again: the form shows the earlier entry and asks for a reason.
      await enter('CÔNG AN XÃ NGHI DƯƠNG');
      const warning = page.locator('[data-testid=paper-duplicate]');
      await warning.waitFor();
      assert.match(await warning.textContent(), /văn bản đến số \d+ ngày/);
      assert.equal(await warning.locator('a[data-testid=earlier-entry]').getAttribute('href'), `#/incoming/${firstId}`);
      await page.click('[data-testid=paper-submit]');
      assert.match(await page.textContent('.paper-form .field-error'), /lý do/);
      await page.fill('#p-duplicateReason', 'Bản gốc có dấu đỏ, lưu hồ sơ');
      await page.click('[data-testid=paper-submit]');
      await page.waitForURL((url) => /#\/incoming\/\d+$/.test(url.toString()) && !url.toString().endsWith(`/${firstId}`));
      const box = page.locator('[data-testid=duplicate]');
      await box.waitFor();
      assert.match(await box.textContent(), /Có thể trùng/);
      assert.equal(await box.locator('a[data-testid=earlier-entry]').getAttribute('href'), `#/incoming/${firstId}`);
      assert.match(await page.textContent('[data-testid=duplicate-reason]'), /Bản gốc có dấu đỏ/);
      // The reason given at entry is enough: registering asks no more.
      await step('register', 'registered', async () => {
        assert.equal(await page.locator('dialog[open] #duplicate-reason').count(), 0);
      });
      await page.goto(`${server.url}/#/incoming?tab=registered`);
      await page.locator('[data-testid=incoming-list] tr', { hasText: 'kiểm tra trùng' }).first().waitFor();
      assert.equal(await page.locator('[data-testid=incoming-list] [data-testid=possible-duplicate]').count(), 1);
      await signOut();
    });
  } catch (e) {
    const dir = path.join(webDir, 'test-output');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'incoming-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
});
