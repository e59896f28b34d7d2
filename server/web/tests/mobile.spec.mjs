#!/usr/bin/env node
// Browser test of NĐ 30 Phụ lục VI III.2b (use on mobile devices, safely): on a phone-sized
// screen (390 × 844, a common phone) the main pages of each role are usable: the page never
// scrolls sideways, the menu opens from its button and leads to the next page, a document opens
// from a list with its actions and information in reach, and the editor's fields can be typed
// in. The connection's safety (HTTPS, Secure cookies, CSRF) is shown by the server tests.
//
//   node tests/mobile.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const PHONE = { width: 390, height: 844 };
let server; let browser; let page;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  await page.setViewportSize(PHONE);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** The page, once its content came, is no wider than the screen (no sideways scrolling). */
async function assertFits(where) {
  await page.waitForSelector('main > *');
  await page.waitForLoadState('networkidle').catch(() => {});
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    let widest = '';
    let right = 0;
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      // what sticks out of the screen and is not inside a box that scrolls on its own
      let scroller = el.parentElement;
      while (scroller && scroller !== document.body && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (r.right > right && (!scroller || scroller === document.body) && r.width > 0) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`;
      }
    }
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  assert.ok(scrollWidth <= innerWidth + 1, `${where}: the page is ${scrollWidth} px wide on a ${innerWidth} px screen; widest: ${widest}`);
}

/** Opens the menu with its button and follows one of its entries. */
async function throughMenu(hash) {
  const toggle = page.locator('button.menu-toggle');
  const entry = page.locator(`.sidebar a[href="${hash}"]`);
  assert.ok(await toggle.isVisible(), 'the menu button is shown on a phone');
  assert.equal(await entry.isVisible(), false, 'the menu is closed at first');
  await toggle.click();
  await entry.click();
}

test('a phone-sized screen: every main page fits, the menu works, documents open', { timeout: 900_000 }, async (t) => {
  const team = pickTeam(await demoAccounts(server.url, server.output(), /VĂN QUAN/i), /VĂN QUAN/i);
  assert.ok(team, `no team among the demo users; server said:\n${server.output()}`);
  try {
    await t.test('the sign-in page fits', async () => {
      await page.goto(`${server.url}/#/signin`);
      await page.waitForSelector('#username');
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth + 1));
    });

    await t.test("the clerk's pages fit", async () => {
      await signInWith(page, server.url, team.clerk);
      for (const hash of ['#/home', '#/list/issued', '#/incoming', '#/register', '#/incoming-register',
        '#/casefiles', '#/search?q=van+ban', '#/figures', '#/deadlines']) {
        await page.goto(`${server.url}/${hash}`);
        await page.waitForSelector('main h1, main h2');
        await assertFits(hash);
      }
    });

    await t.test('the menu opens from its button and leads to a page', async () => {
      await page.goto(`${server.url}/#/home`);
      await page.waitForSelector('main h1, main h2');
      await throughMenu('#/register');
      await page.waitForFunction(() => location.hash.startsWith('#/register'));
      await assertFits('register through the menu');
    });

    await t.test('an issued letter opens from its list with its actions and information', async () => {
      await page.goto(`${server.url}/#/list/issued`);
      const first = page.locator('main table a').first();
      await first.waitFor();
      await first.click();
      await page.waitForSelector('[data-testid=doc-subject]');
      await assertFits('an issued letter');
      assert.ok(await page.isVisible('aside.doc-side'), 'the information panel is shown');
      const pdfLink = page.locator('main a', { hasText: 'Tải PDF' }).first();
      assert.ok(await pdfLink.isVisible(), 'the PDF can be downloaded');
      const box = await pdfLink.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'the download button is on screen');
    });

    await t.test('an incoming letter opens from its list', async () => {
      await page.goto(`${server.url}/#/incoming?tab=arrived`);
      await page.waitForSelector('main h1');
      const first = page.locator('[data-testid=incoming-list] a').first();
      if (await first.count()) {
        await first.click();
        await page.waitForSelector('[data-testid=doc-subject]');
        await assertFits('an incoming letter');
      }
      await signOutOf(page);
    });

    await t.test("the specialist's editor fits and takes typing", async () => {
      await signInWith(page, server.url, team.specialist);
      await page.goto(`${server.url}/#/new`);
      await page.waitForSelector('#f-subject');
      await assertFits('the editor');
      await page.fill('#f-subject', 'kiểm tra trên điện thoại');
      assert.equal(await page.inputValue('#f-subject'), 'kiểm tra trên điện thoại');
      const box = await page.locator('#f-subject').boundingBox();
      assert.ok(box.width > 200 && box.x + box.width <= PHONE.width, `the subject field is ${Math.round(box.width)} px wide`);
      await signOutOf(page);
    });

    await t.test("the leader's and the administrator's pages fit", async () => {
      await signInWith(page, server.url, team.leader);
      for (const hash of ['#/home', '#/list/submitted', '#/incoming?tab=registered', '#/deadlines']) {
        await page.goto(`${server.url}/${hash}`);
        await page.waitForSelector('main h1, main h2');
        await assertFits(`leader ${hash}`);
      }
      await signOutOf(page);
      if (team.administrator) {
        await signInWith(page, server.url, team.administrator);
        for (const hash of ['#/users', '#/offices', '#/audit']) {
          await page.goto(`${server.url}/${hash}`);
          await page.waitForSelector('main h1, main h2');
          await assertFits(`administrator ${hash}`);
        }
        await signOutOf(page);
      }
    });
  } finally {
    assert.deepEqual(problems, [], `errors in the browser:\n${problems.join('\n')}`);
  }
});
