#!/usr/bin/env node
// Accessibility check of every page (issue 16 item 7): axe-core (from npm, the locked version)
// runs in Debian's chromium on each page of the UI, as each role of `vanthu serve --demo` sees it
// (specialist, leader, clerk, administrator) and on the sign-in page, at a desktop and at a phone
// size. No serious or critical finding may remain; each one is listed with its rule, the element
// and the page.
//
// "Every page": from each role's home, every link of the UI (#/… in the menu and on the pages)
// is followed, one page per kind (…/documents/12 and …/documents/15 are the same page), until no
// new kind is found. The dialogs of the pages the tests open most are checked too.
//
//   node tests/a11y.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoAccounts, pickTeam, webDir } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const AXE_SOURCE = readFileSync(path.join(webDir, 'node_modules/axe-core/axe.min.js'), 'utf8');
const MAX_PAGES_PER_ROLE = 80; // a bound on the crawl; the UI has about 30 kinds of page
let server; let page;
const { problems, signIn, signOut } = browserSuite({ started: (s) => ({ server, page } = s) });
const dialogsChecked = [];

/** The kind of page a hash shows: numbers become ":id"; the tab of a list stays, other query values go. */
function pageKind(hash) {
  const [p, q] = hash.split('?');
  const kind = p.replace(/\/\d+(?=\/|$)/g, '/:id');
  if (!q) return kind;
  const params = new URLSearchParams(q);
  const keys = [...params.keys()].sort().map((k) => (k === 'tab' ? `tab=${params.get(k)}` : k));
  return `${kind}?${keys.join('&')}`;
}

/** Runs fn with a caller of the API signed in as account: call(method, path, body). */
async function asUser(account, fn) {
  const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
  assert.ok(r.ok, `sign-in of ${account.username}: ${r.status}`);
  const { token } = await r.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  try {
    return await fn(async (method, p, body) => {
      const res = await fetch(`${server.url}/api${p}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    });
  } finally {
    await fetch(`${server.url}/api/session`, { method: 'DELETE', headers });
  }
}

/** Waits until the page's content came and the network is quiet (lists, the PDF preview). */
async function settle() {
  await page.waitForSelector('main > *, form.signin-card');
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(150);
}

/** axe-core's serious and critical findings on the page shown, as lines "rule: target (page)". */
async function axeFindings(where) {
  // The server's Content-Security-Policy (default-src 'self') refuses an added <script> tag
  // (page.addScriptTag), as it should; the DevTools protocol's evaluation is not subject to it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // WCAG 2.0, 2.1 and 2.2 A and AA and axe-core's best practices.
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.filter((n) => ['serious', 'critical'].includes(n.impact)).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => ['serious', 'critical'].includes(v.impact))
    .flatMap((v) => v.targets.map((t) => `${v.id} (${v.impact}, ${v.help}): ${t} — ${where}`));
}

/** The UI's own links on the page shown (the menu's and the page's), as hashes. */
async function linksShown() {
  return page.$$eval('a[href^="#/"]', (as) => as.map((a) => a.getAttribute('href')));
}

/**
 * The dialogs of a document's or a letter's steps (data-action buttons in its actions bar): each
 * one opened, checked and cancelled. A step that opens no dialog (editing, for one) is left.
 */
async function dialogFindings(role, shown) {
  const findings = [];
  const actions = await page.$$eval('[data-testid=actions] button[data-action]:not([disabled])', (bs) => bs.map((b) => b.dataset.action));
  for (const action of actions) {
    if (pageKind(await page.evaluate(() => location.hash)) !== pageKind(shown)) {
      await page.goto(`${server.url}/${shown}`);
      await settle();
    }
    const button = page.locator(`[data-testid=actions] button[data-action="${action}"]`).first();
    if (!(await button.isVisible()) || !(await button.isEnabled())) continue;
    await button.click();
    const opened = await page.waitForSelector('dialog[open]', { timeout: 3000 }).then(() => true, () => false);
    if (!opened) continue;
    await page.waitForTimeout(200);
    findings.push(...await axeFindings(`${role} ${shown} desktop, dialog of "${action}"`));
    dialogsChecked.push(`${role}: ${pageKind(shown)} ${action}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached', timeout: 3000 }).catch(() => page.click('dialog[open] button[value=cancel]').catch(() => {}));
  }
  return findings;
}

/**
 * From the role's home, follows every kind of page once, at both sizes; returns the findings
 * and the kinds of page visited.
 */
async function crawl(role) {
  const findings = [];
  const seen = new Set(['#/signin']);
  const queue = ['#/', '#/no-such-page'];
  const visited = [];
  while (queue.length && visited.length < MAX_PAGES_PER_ROLE) {
    const hash = queue.shift();
    await page.setViewportSize(DESKTOP);
    await page.goto(`${server.url}/${hash}`);
    await settle();
    const shown = await page.evaluate(() => location.hash);
    visited.push(pageKind(shown));
    findings.push(...await axeFindings(`${role} ${shown} desktop`));
    for (const link of await linksShown()) {
      const kind = pageKind(link);
      if (seen.has(kind) || link === '#/') continue;
      seen.add(kind);
      queue.push(link);
    }
    findings.push(...await dialogFindings(role, shown));
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(150);
    findings.push(...await axeFindings(`${role} ${shown} phone`));
    // The menu opened from its button on a phone (the same menu on every page: once).
    if (visited.length === 1 && await page.locator('button.menu-toggle').isVisible()) {
      await page.click('button.menu-toggle');
      await page.waitForTimeout(150);
      findings.push(...await axeFindings(`${role} ${shown} phone, menu open`));
      await page.click('button.menu-toggle');
    }
  }
  await page.setViewportSize(DESKTOP);
  return { findings, visited };
}

test('every page has no serious or critical axe-core finding, at desktop and phone sizes', { timeout: 1_500_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team && team.administrator, `no specialist, leader, clerk and administrator of one office among the demo users; server said:\n${server.output()}`);
  // A case file of this year (the demo has none), so that a case file's page is reached too.
  await asUser(team.clerk, async (call) => {
    const entry = await call('POST', '/file-list', { code: 'KT.01', title: 'Hồ sơ kiểm tra khả năng tiếp cận', retention: '10 năm' });
    await call('POST', '/casefiles', { listEntryId: entry.id });
  });
  // Văn Quan receives no letter in the demo; UBND xã Nghi Dương's clerk has Văn Quan's letters.
  const receiving = pickTeam(await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i), /NGHI DƯƠNG/i);
  assert.ok(receiving, 'no team of UBND xã Nghi Dương among the demo users');
  team['receiving clerk'] = receiving.clerk;
  const all = [];
  try {
    await t.test('the sign-in page', async () => {
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        await page.setViewportSize(viewport);
        await page.goto(`${server.url}/#/signin`);
        await page.waitForSelector('#username');
        const findings = await axeFindings(`signed out #/signin ${size}`);
        all.push(...findings);
        assert.deepEqual(findings, []);
      }
      await page.setViewportSize(DESKTOP);
    });

    await t.test('the page asking for a new password at the first sign-in', async () => {
      const office = team.clerk.user.officeId;
      const account = { username: 'kiemtra.tiepcan', password: 'Mat-khau-tam-2026' };
      await asUser(team.administrator, (call) => call('POST', '/users', {
        ...account, fullName: 'Người Kiểm Tra', role: 'specialist', officeId: office, mustChangePassword: true }));
      await page.goto(`${server.url}/#/signin`);
      await page.fill('#username', account.username);
      await page.fill('#password', account.password);
      await page.click('form.signin-card button[type=submit]');
      await page.waitForSelector('[data-testid=password-change]');
      const findings = [...await axeFindings('first sign-in #/ password change desktop')];
      await page.setViewportSize(PHONE);
      findings.push(...await axeFindings('first sign-in #/ password change phone'));
      await page.setViewportSize(DESKTOP);
      await page.click('[data-testid=password-change] button:has-text("Đăng xuất")'); // without changing it
      await page.waitForSelector('#username');
      all.push(...findings);
      assert.deepEqual(findings, [], `serious or critical findings:\n${findings.join('\n')}`);
    });

    for (const role of ['specialist', 'leader', 'clerk', 'administrator', 'receiving clerk']) {
      await t.test(`every page the ${role} reaches`, async () => {
        await signIn(team[role]);
        let findings; let visited;
        try {
          ({ findings, visited } = await crawl(role));
        } finally {
          await page.setViewportSize(DESKTOP);
          await page.goto(`${server.url}/#/`);
          await signOut();
        }
        console.log(`${role}: ${visited.length} kinds of page: ${visited.join(' ')}`);
        console.log(`dialogs checked so far: ${dialogsChecked.join(', ')}`);
        assert.ok(visited.length >= 5, `only ${visited.join(', ')} reached`);
        all.push(...findings);
        assert.deepEqual(findings, [], `serious or critical findings:\n${findings.join('\n')}`);
      });
    }
  } finally {
    // Uncaught errors fail the test. A page's own error messages logged to the console do not: the
    // crawl follows every link, and some lead to a page that refuses this role (the
    // administrator's lists link to letters only their offices' people may open).
    const uncaught = problems.filter((p) => p.startsWith('page error:'));
    if (uncaught.length < problems.length) console.log(`console errors (not failures):\n${problems.filter((p) => !uncaught.includes(p)).join('\n')}`);
    assert.deepEqual(uncaught, [], `errors in the browser:\n${uncaught.join('\n')}`);
  }
});
