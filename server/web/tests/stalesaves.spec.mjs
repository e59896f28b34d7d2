#!/usr/bin/env node
// Browser test of issue 16 item 1 for the forms that edit shared records: the clerk and the leader
// of UBND huyện Văn Quan, each in a browser of their own, open the description of the same case
// file; the clerk saves first; the leader's save, from the older version, is refused with who saved
// when and the choice "Tải lại" / "So sánh", and nothing the leader typed is lost; leaving the page
// with unsaved changes asks first; the leader keeps their version by an explicit choice.
//
//   node tests/stalesaves.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage, signIn } from './lib.mjs';

const TIMEOUT = 90_000;
const CODE = 'HS-HAI-CUA-SO';
let server; let clerkBrowser; let leaderBrowser; let clerkPage; let leaderPage;
const problems = [];

before(async () => {
  server = await startServer();
  // Two browsers: two people, each with their own session.
  clerkBrowser = await launchBrowser();
  leaderBrowser = await launchBrowser();
  clerkPage = await watchedPage(clerkBrowser, problems, TIMEOUT);
  leaderPage = await watchedPage(leaderBrowser, problems, TIMEOUT);
});

after(async () => {
  for (const b of [clerkBrowser, leaderBrowser]) if (b) await b.close();
  if (server) await server.stop();
});

/** Calls the API as account (bearer token), for what the test only prepares. */
async function asAccount(account, method, path, body) {
  const session = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  assert.ok(session.ok, `sign-in of ${account.username}: ${session.status}`);
  const { token } = await session.json();
  try {
    const r = await fetch(`${server.url}/api${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  } finally {
    await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
  }
}

async function openDescription(page, fileUrl) {
  await page.goto(fileUrl);
  await page.waitForSelector('[data-testid=casefile-meta]');
  await page.click('[data-testid=actions] [data-action=describe]');
  await page.waitForSelector('dialog[open] #describe-description');
}

test('two people describing one case file cannot silently overwrite each other', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team, `no team of UBND huyện Văn Quan among the demo users; server said:\n${server.output()}`);
  const entry = await asAccount(team.clerk, 'POST', '/file-list',
    { year: new Date().getFullYear(), code: CODE, title: 'Hồ sơ sửa ở hai cửa sổ', retention: '10 năm' });
  const file = await asAccount(team.clerk, 'POST', '/casefiles', { listEntryId: entry.id });
  const fileUrl = `${server.url}/#/casefiles/${file.id}`;
  const leaders = 'Bản của lãnh đạo, gõ ở cửa sổ thứ hai.\nDòng thứ hai không được mất.';
  try {
    await t.test('both open the description; the clerk saves first', async () => {
      await signIn(clerkPage, server.url, team.clerk);
      await signIn(leaderPage, server.url, team.leader);
      await openDescription(clerkPage, fileUrl);
      await openDescription(leaderPage, fileUrl);
      await clerkPage.fill('#describe-description', 'Bản của văn thư.');
      await clerkPage.click('dialog[open] [data-testid=dialog-confirm]');
      await clerkPage.waitForSelector('dialog[open]', { state: 'detached' });
      await clerkPage.locator('[data-testid=casefile-meta]', { hasText: 'Bản của văn thư.' }).waitFor();
    });

    await t.test("the leader's save from the older version gets the choice, and keeps what was typed", async () => {
      await leaderPage.selectOption('#describe-rights', 'Công khai');
      await leaderPage.fill('#describe-description', leaders);
      await leaderPage.click('dialog[open] [data-testid=dialog-confirm]');
      const conflict = leaderPage.locator('dialog[open] [data-testid=conflict]:not([hidden])');
      await conflict.waitFor();
      const text = await conflict.textContent();
      assert.match(text, new RegExp(team.clerk.user.fullName), text);
      assert.match(text, /lưu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/, text);
      assert.match(text, /phiên bản 2/, text);
      assert.equal(await conflict.locator('[data-action=reload]').count(), 1, 'Tải lại offered');
      assert.equal(await conflict.locator('[data-action=compare]').count(), 1, 'So sánh offered');
      assert.equal(await leaderPage.inputValue('#describe-description'), leaders, 'what was typed stays');
      assert.equal(await leaderPage.inputValue('#describe-rights'), 'Công khai');
    });

    await t.test('leaving the page with unsaved changes asks first; staying keeps everything', async () => {
      assert.equal(await leaderPage.evaluate(() => document.body.dataset.unsaved), 'true', 'closing the tab would ask');
      await leaderPage.evaluate(() => { location.hash = '#/casefiles'; });
      const ask = leaderPage.locator('dialog[open]', { hasText: 'Rời trang khi chưa lưu?' });
      await ask.waitFor();
      await ask.locator('button[value=cancel]').click();
      await ask.waitFor({ state: 'detached' });
      assert.match(leaderPage.url(), new RegExp(`#/casefiles/${file.id}$`));
      assert.equal(await leaderPage.inputValue('#describe-description'), leaders);
    });

    await t.test('"So sánh" shows both; taking the saved one keeps what was typed in view; keeping mine saves it', async () => {
      await leaderPage.click('dialog[open] [data-testid=conflict] [data-action=compare]');
      const table = leaderPage.locator('dialog[open] [data-testid=compare]');
      await table.waitFor();
      let compared = await table.textContent();
      assert.match(compared, /Bản của văn thư\./);
      assert.match(compared, /Dòng thứ hai không được mất\./);
      assert.match(compared, /Chế độ sử dụng/);
      // "Dùng bản đã lưu" (as "Tải lại"): the form shows the clerk's version, mine stays beside it.
      await leaderPage.click('dialog[open] [data-testid=conflict] [data-action=take-theirs]');
      await leaderPage.locator('dialog[open] [data-testid=conflict]', { hasText: 'Đã tải lại phiên bản 2' }).waitFor();
      assert.equal(await leaderPage.inputValue('#describe-description'), 'Bản của văn thư.');
      compared = await leaderPage.textContent('dialog[open] [data-testid=compare]');
      assert.match(compared, /Dòng thứ hai không được mất\./);
      // "Giữ bản của tôi": saved on top of version 2, an explicit choice.
      await leaderPage.click('dialog[open] [data-testid=conflict] [data-action=keep-mine]');
      await leaderPage.waitForSelector('dialog[open]', { state: 'detached' });
      await leaderPage.locator('[data-testid=casefile-meta]', { hasText: 'Dòng thứ hai không được mất.' }).waitFor();
      assert.equal(await leaderPage.evaluate(() => document.body.dataset.unsaved), 'false');
      const saved = await asAccount(team.clerk, 'GET', `/casefiles/${file.id}`);
      assert.equal(saved.description, leaders);
      assert.equal(saved.rights, 'Công khai');
      assert.equal(saved.version, 3);
    });
  } catch (e) {
    await leaderPage.screenshot({ path: 'test-output/stalesaves-failure.png' }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, []);
});
