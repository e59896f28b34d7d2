#!/usr/bin/env node
// Browser test of issue 16, "a clerk can work without training": each role's home page
// (Việc cần làm) shows the work waiting for that person; typing a query in the top bar searches
// for the whole query and keeps the focus there, and phones have a search entry; the document
// pages speak Vietnamese (no English word from the known leaks, no ISO date, a signature whose
// revocation is unknown not called fully valid); the assign dialog keeps what was typed when it
// refuses; refusing a letter stands apart from registering it.
//
//   node tests/home.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage, takeStep,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã'; // Văn Quan → Nghi Dương (demo)
const QUERY = 'cai cach hanh chinh';
// English or technical words seen on screens before (issue 16), and ISO dates.
const LEAKS = /\b(valid|invalid|dispatch|signed|revocation|revoked|local|edxml|exchange:|null|undefined|CN=)\b|--crl|pass --|\b\d{4}-\d{2}-\d{2}\b/i;
let server; let browser; let page;
const problems = [];
const searches = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  page.on('request', (r) => { if (r.url().includes('/api/search?')) searches.push(new URL(r.url()).searchParams.get('q')); });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

/** The home page's section, once loaded: its items' subjects. */
async function sectionItems(key) {
  await page.waitForSelector(`[data-section=${key}] [data-testid=section-count]`);
  return page.$$eval(`[data-section=${key}] .home-item > a`, (as) => as.map((a) => a.textContent));
}

/** The main part of the page has no English word of the known leaks and no ISO date. */
async function assertVietnamese(where) {
  const text = await page.$eval('main', (m) => m.textContent); // folded-out details too
  const leak = LEAKS.exec(text);
  assert.equal(leak, null, `${where}: "${leak && leak[0]}" in:\n${text}`);
}

/** The verification summary says "hợp lệ" without reserve only when every revocation is known. */
async function assertRevocationHonest(where) {
  const summary = page.locator('[data-testid=verification-summary]');
  await summary.waitFor();
  const unknown = await page.$$eval('[data-testid=signature] .checks tr', (rows) => rows.some((r) =>
    r.cells[0].textContent === 'Tình trạng thu hồi' && !['Đạt', 'Không đạt'].includes(r.cells[1].textContent)));
  const text = await summary.textContent();
  if (unknown) assert.match(text, /chưa xác định được tình trạng thu hồi/, `${where}: ${text}`);
  else assert.doesNotMatch(text, /chưa xác định/, `${where}: ${text}`);
}

test('home pages, search as you type, Vietnamese pages and dialogs that keep their text', { timeout: 900_000 }, async (t) => {
  const nghiDuong = pickTeam(await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i), /NGHI DƯƠNG/i);
  assert.ok(nghiDuong, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);
  const vanQuan = pickTeam(await demoAccounts(server.url, server.output(), /VĂN QUAN/i), /VĂN QUAN/i);
  assert.ok(vanQuan, `no team of UBND huyện Văn Quan among the demo users; server said:\n${server.output()}`);
  try {
    await t.test("the clerk lands on a home page showing the letter to register, marked new", async () => {
      await signIn(nghiDuong.clerk);
      await page.waitForFunction(() => location.hash === '#/home');
      assert.ok((await sectionItems('to-register')).some((s) => s.includes(LETTER)));
      assert.equal(await page.locator('[data-section=to-register] .home-item', { hasText: LETTER }).locator('[data-testid=unread]').count(), 1);
      assert.match(await page.textContent('[data-home-count]'), /^[1-9]\d*$/);
      // Clicking the page's own entry again loads it afresh.
      const reloaded = page.waitForRequest((r) => r.url().includes('/api/incoming?state=arrived'));
      await page.click('[data-nav=home]');
      await reloaded;
    });

    await t.test('typing in the top bar searches for the whole query and keeps the focus', async () => {
      await page.click('[data-testid=topbar-search]');
      await page.keyboard.type(QUERY, { delay: 40 });
      await page.waitForFunction((q) => document.querySelector('[data-testid=search-box]')?.value === q, QUERY);
      await page.waitForFunction((q) => location.hash.includes(encodeURIComponent(q).replace(/%20/g, '+'))
        || decodeURIComponent(location.hash).includes(q), QUERY);
      assert.equal(await page.inputValue('[data-testid=topbar-search]'), QUERY);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'topbar-search');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=search-results] .search-hit').length > 0);
      await page.waitForTimeout(400); // the last keystroke's search
      assert.equal(searches.at(-1), QUERY, `searched for: ${JSON.stringify(searches)}`);
      await assertVietnamese('search results'); // states and secrecy in words, not codes
    });

    await t.test('a phone has a search entry', async () => {
      await page.setViewportSize({ width: 390, height: 800 });
      try {
        await page.goto(`${server.url}/#/home`);
        await page.waitForSelector('[data-section=to-register] [data-testid=section-count]');
        assert.equal(await page.isVisible('[data-testid=topbar-search]'), false);
        await page.click('.topbar-search-link');
        await page.waitForSelector('[data-testid=search-box]');
        assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'search-box');
        await page.keyboard.type('hien dai hoa', { delay: 30 });
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=search-results] .search-hit').length > 0);
        assert.equal(await page.inputValue('[data-testid=search-box]'), 'hien dai hoa');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    await t.test('the incoming letter speaks Vietnamese; refusing stands apart; the clerk registers it', async () => {
      await page.goto(`${server.url}/#/home`);
      await page.locator('[data-section=to-register] .home-item > a', { hasText: LETTER }).click();
      await page.waitForSelector('[data-testid=doc-subject]');
      await page.waitForSelector('[data-testid=history] li');
      await assertRevocationHonest('incoming letter');
      await assertVietnamese('incoming letter');
      assert.equal(await page.locator('[data-testid=actions] .actions-danger [data-action=refuse]').count(), 1);
      assert.equal(await page.locator('[data-testid=actions] .actions-danger [data-action=register]').count(), 0);
      await takeStep(page, 'register', 'registered');
      await signOut();
    });

    await t.test("the leader's home shows it to assign; the assign dialog keeps its text on an error", async () => {
      await signIn(nghiDuong.leader);
      assert.ok((await sectionItems('to-assign')).some((s) => s.includes(LETTER)));
      await page.locator('[data-section=to-assign] .home-item > a', { hasText: LETTER }).click();
      await page.waitForSelector('[data-testid=doc-subject]');
      await page.click('[data-testid=actions] [data-action=assign]');
      await page.waitForSelector('dialog[open]');
      await page.selectOption('#assign-user', '');
      await page.fill('#assign-instructions', 'Tham mưu trả lời, báo cáo trước hạn.');
      await page.click('dialog[open] [data-testid=dialog-confirm]');
      await page.waitForSelector('dialog[open] [data-testid=dialog-error]:not([hidden])');
      assert.match(await page.textContent('dialog[open] [data-testid=dialog-error]'), /người xử lý/);
      assert.equal(await page.inputValue('#assign-instructions'), 'Tham mưu trả lời, báo cáo trước hạn.');
      // The buttons are real buttons, reachable with the keyboard.
      assert.equal(await page.$$eval('[data-testid=actions] [data-action]', (bs) => bs.every((b) => b.tagName === 'BUTTON' || b.tagName === 'A')), true);
      await page.selectOption('#assign-user', String(nghiDuong.specialist.user.id));
      await page.fill('#assign-deadline', '2099-12-31');
      await page.click('dialog[open] [data-testid=dialog-confirm]');
      await page.waitForSelector('.doc-head .badge[data-state=assigned]');
      assert.equal((await page.textContent('[data-testid=deadline]')).trim(), '31/12/2099');
      await assertVietnamese('assigned letter');
      await signOut();
    });

    await t.test("the specialist's home shows the task with its deadline; the deadlines page lists it", async () => {
      await signIn(nghiDuong.specialist);
      const item = page.locator('[data-section=tasks] .home-item', { hasText: LETTER });
      await item.waitFor();
      assert.match(await item.textContent(), /Hạn xử lý 31\/12\/2099/);
      assert.match(await item.textContent(), /Còn \d+ ngày/);
      await page.click('[data-nav=deadlines]');
      await page.waitForSelector('[data-testid=deadlines] tr[data-deadline="2099-12-31"]');
      await page.selectOption('#deadline-show', 'overdue');
      await page.waitForSelector('[data-testid=deadlines] tr[data-deadline="2099-12-31"]', { state: 'detached' });
      await page.selectOption('#deadline-show', 'all');
      await page.waitForSelector('[data-testid=deadlines] tr[data-deadline="2099-12-31"]');
      await signOut();
    });

    await t.test("another office's leader sees the letter to approve; an issued letter's page speaks Vietnamese", async () => {
      await signIn(vanQuan.leader);
      await page.waitForFunction(() => location.hash === '#/home');
      assert.ok((await sectionItems('to-approve')).length >= 1, 'the demo notice waits for approval');
      await page.goto(`${server.url}/#/list/issued`);
      await page.locator('[data-testid=document-list] td.subject a', { hasText: LETTER }).first().click();
      await page.waitForSelector('[data-testid=doc-subject]');
      await page.waitForSelector('[data-testid=recipients] li');
      await page.waitForSelector('[data-testid=history] li');
      await assertRevocationHonest('issued letter');
      await assertVietnamese('issued letter');
      await signOut();
    });
  } catch (e) {
    await page.screenshot({ path: 'test-output/home-failure.png' }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, []);
});
