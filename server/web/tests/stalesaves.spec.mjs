#!/usr/bin/env node
// Browser test of issue 16 item 1 for the forms that edit shared records: the clerk and the leader
// of UBND huyện Văn Quan, each in a browser of their own, open the description of the same case
// file; the clerk saves first; the leader's save, from the older version, is refused with who saved
// when and the choice "Tải lại" / "So sánh", and nothing the leader typed is lost; leaving the page
// with unsaved changes asks first; the leader keeps their version by an explicit choice. Then the
// same for "Giao xử lý": a letter assigned in one window is not silently re-assigned from another.
// And for the administrator's page forms: two pages on one user's "Thông tin", the second save
// refused with the choice, what was typed kept, "So sánh" and "Giữ bản của tôi".
//
//   node tests/stalesaves.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage, signIn, signOut } from './lib.mjs';

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

/** Calls the API as account (bearer token), for what the test only prepares; raw: the bytes. */
async function asAccount(account, method, path, body, { raw = false } = {}) {
  const session = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  assert.ok(session.ok, `sign-in of ${account.username}: ${session.status}`);
  const { token } = await session.json();
  try {
    const r = await fetch(`${server.url}/api${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (raw) { assert.ok(r.ok, `${method} ${path}: ${r.status}`); return Buffer.from(await r.arrayBuffer()); }
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

    await t.test('"Giao xử lý" from two windows: the later one gets the choice, "Tải lại" keeps what was typed beside', async () => {
      // A paper letter entered and registered by the clerk (its PDF: a letter the demo issued).
      const issued = await asAccount(team.clerk, 'GET', '/documents?state=issued');
      const list = Array.isArray(issued) ? issued : issued.items;
      assert.ok(list && list.length, 'the demo issued a letter');
      const pdf = await asAccount(team.clerk, 'GET', `/documents/${list[0].id}/pdf`, undefined, { raw: true });
      const letter = await asAccount(team.clerk, 'POST', '/incoming', { senderName: 'SỞ XÂY DỰNG', notation: '55/SXD-HAICUASO',
        typeCode: 'CV', subject: 'giao xử lý ở hai cửa sổ', pdfBase64: pdf.toString('base64') });
      await asAccount(team.clerk, 'POST', `/incoming/${letter.id}/register`);
      const letterUrl = `${server.url}/#/incoming/${letter.id}`;
      // The leader in both windows (another tab of the same person).
      await signOut(clerkPage);
      await signIn(clerkPage, server.url, team.leader);
      for (const p of [clerkPage, leaderPage]) {
        await p.goto(letterUrl);
        await p.click('[data-testid=actions] [data-action=assign]');
        await p.waitForSelector('dialog[open] #assign-deadline');
      }
      await clerkPage.selectOption('#assign-user', String(team.specialist.user.id));
      await clerkPage.fill('#assign-deadline', '2099-12-31');
      await clerkPage.click('dialog[open] [data-testid=dialog-confirm]');
      await clerkPage.waitForSelector('dialog[open]', { state: 'detached' });
      await clerkPage.waitForSelector('.doc-head .badge[data-state=assigned]');

      await leaderPage.selectOption('#assign-user', '');
      await leaderPage.fill('#assign-unit', 'Phòng Tư pháp');
      await leaderPage.fill('#assign-deadline', '2099-11-30');
      await leaderPage.fill('#assign-instructions', 'Ý kiến gõ ở cửa sổ thứ hai.');
      await leaderPage.click('dialog[open] [data-testid=dialog-confirm]');
      const conflict = leaderPage.locator('dialog[open] [data-testid=conflict]:not([hidden])');
      await conflict.waitFor();
      const text = await conflict.textContent();
      assert.match(text, new RegExp(team.leader.user.fullName), text);
      assert.match(text, /phiên bản 1/, text);
      assert.equal(await leaderPage.inputValue('#assign-instructions'), 'Ý kiến gõ ở cửa sổ thứ hai.');
      // "Tải lại": the saved distribution in the form, what was typed beside it.
      await conflict.locator('[data-action=reload]').click();
      await leaderPage.locator('dialog[open] [data-testid=conflict]', { hasText: 'Đã tải lại phiên bản 1' }).waitFor();
      assert.equal(await leaderPage.inputValue('#assign-user'), String(team.specialist.user.id));
      assert.equal(await leaderPage.inputValue('#assign-deadline'), '2099-12-31');
      const compared = await leaderPage.textContent('dialog[open] [data-testid=compare]');
      assert.match(compared, /Phòng Tư pháp/);
      assert.match(compared, /Ý kiến gõ ở cửa sổ thứ hai\./);
      assert.match(compared, /30\/11\/2099/);
      // The saved one is kept as reloaded: sent from version 1, it is saved (version 2).
      await leaderPage.click('dialog[open] [data-testid=dialog-confirm]');
      await leaderPage.waitForSelector('dialog[open]', { state: 'detached' });
      const saved = await asAccount(team.clerk, 'GET', `/incoming/${letter.id}`);
      assert.equal(saved.assignmentVersion, 2);
      assert.equal(saved.assigneeId, team.specialist.user.id);
      assert.equal(saved.deadline, '2099-12-31');
    });

    await t.test("a user's details from two pages of the administrator: the later save gets the choice, what was typed kept", async () => {
      assert.ok(team.administrator, 'the office has an administrator');
      const userUrl = `${server.url}/#/users/${team.specialist.user.id}`;
      for (const p of [clerkPage, leaderPage]) {
        await signOut(p);
        await signIn(p, server.url, team.administrator);
        await p.goto(userUrl);
        await p.waitForSelector('[data-testid=user-edit] #eu-title');
      }
      const before = (await asAccount(team.administrator, 'GET', '/users')).find((u) => u.id === team.specialist.user.id);
      await clerkPage.fill('#eu-title', 'CHUYÊN VIÊN CHÍNH');
      await clerkPage.click('[data-testid=user-edit] button[type=submit]');
      await clerkPage.locator('.toast', { hasText: 'Đã lưu' }).waitFor();

      const typed = 'CHUYÊN VIÊN (gõ ở trang thứ hai)';
      await leaderPage.fill('#eu-title', typed);
      await leaderPage.click('[data-testid=user-edit] button[type=submit]');
      const conflict = leaderPage.locator('[data-testid=user-edit] [data-testid=conflict]:not([hidden])');
      await conflict.waitFor();
      const text = await conflict.textContent();
      assert.match(text, new RegExp(team.administrator.user.fullName), text);
      assert.match(text, /lưu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/, text);
      assert.match(text, new RegExp(`phiên bản ${before.version + 1}`), text);
      assert.equal(await conflict.locator('[data-action=reload]').count(), 1, 'Tải lại offered');
      assert.equal(await leaderPage.inputValue('#eu-title'), typed, 'what was typed stays');
      let stored = (await asAccount(team.administrator, 'GET', '/users')).find((u) => u.id === team.specialist.user.id);
      assert.equal(stored.title, 'CHUYÊN VIÊN CHÍNH', 'nothing overwritten');

      await conflict.locator('[data-action=compare]').click();
      const table = leaderPage.locator('[data-testid=user-edit] [data-testid=compare]');
      await table.waitFor();
      const compared = await table.textContent();
      assert.match(compared, /CHUYÊN VIÊN CHÍNH/);
      assert.match(compared, /gõ ở trang thứ hai/);
      await leaderPage.click('[data-testid=user-edit] [data-testid=conflict] [data-action=keep-mine]');
      await leaderPage.locator('.toast', { hasText: 'Đã lưu' }).waitFor();
      stored = (await asAccount(team.administrator, 'GET', '/users')).find((u) => u.id === team.specialist.user.id);
      assert.equal(stored.title, typed);
      assert.equal(stored.version, before.version + 2);
    });
  } catch (e) {
    await leaderPage.screenshot({ path: 'test-output/stalesaves-failure.png' }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, []);
});
