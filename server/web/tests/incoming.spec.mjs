#!/usr/bin/env node
// Browser test of the incoming side (issue 5): the letter that UBND huyện Văn Quan issued to UBND
// xã Nghi Dương in the demo data arrives there; the commune's clerk registers it, a leader
// assigns it with a deadline, the specialist drafts the reply (addressed back electronically)
// and closes it; Văn Quan's clerk sees each status on the letter's page.
//
//   node tests/incoming.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { demoAccounts, pickTeam, parseDemoUsers, webDir } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã';
let server; let page;
const { problems, signIn, signOut, step } = browserSuite({ started: (s) => ({ server, page } = s) });

async function openIncoming(tab, subject) {
  await page.goto(`${server.url}/#/incoming?tab=${tab}`);
  const link = page.locator('[data-testid=incoming-list] td.subject a', { hasText: subject });
  await link.first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

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
      // "Bản in" beside "Tải PDF" (III.6k): a marked copy, longer than the untouched original.
      const printHref = await page.getAttribute('.doc-pdf [data-action=print-copy]', 'href');
      assert.match(printHref, /\/api\/incoming\/\d+\/pdf\?copy=print$/);
      const [status, type, copySize, originalSize] = await page.evaluate(async (href) => {
        const copy = await fetch(href);
        const original = await fetch(href.replace('?copy=print', ''));
        return [copy.status, copy.headers.get('content-type'), (await copy.arrayBuffer()).byteLength, (await original.arrayBuffer()).byteLength];
      }, printHref);
      assert.equal(status, 200);
      assert.equal(type, 'application/pdf');
      assert.ok(copySize > originalSize);
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

  } catch (e) {
    const dir = path.join(webDir, 'test-output');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'incoming-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
});
