#!/usr/bin/env node
// Browser test of the national axis's directory (issue 20 item 4): `vanthu serve --demo` connected
// to a small stand-in for the axis (axis-mock.mjs, on loopback: every call's XroadVnpt-* HMAC checked as
// the axis does). The administrator synchronises the axis's directory on the offices page; the
// specialist finds Văn phòng Chính phủ in the recipients picker by typing (and an old code finds
// its successor); the letter is approved, signed and issued, the server sends it to the axis with
// that office in its To, and the letter's page shows its delivery as the axis reports it.
//
//   node tests/axis.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage, takeStep,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';
import { startAxis } from './axis-mock.mjs';

const TIMEOUT = 90_000;
const GOVERNMENT = '000.00.00.G22';
let server; let browser; let page; let axis;
const problems = [];
let sent = [];    // packages handed to the axis: {from, package}
let refused = []; // calls the stand-in refused, with why

before(async () => {
  axis = await startAxis([
    { code: GOVERNMENT, name: 'Văn phòng Chính phủ' },
    { code: '000.00.00.G23', name: 'Bộ Nội vụ', oldCode: '000.00.00.G99' },
  ]);
  ({ sent, refused } = axis);
  server = await startServer({ extraArgs: ['--peers', axis.peersFile] });
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (axis) axis.close();
});

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);
const step = (action, expectedState) => takeStep(page, action, expectedState, async () => {}, 120_000);

async function openFromList(tab, subject) {
  await page.goto(`${server.url}/#/list/${tab}`);
  await page.locator('[data-testid=document-list] td.subject a', { hasText: subject }).first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

test('a recipient is picked from the synchronised axis directory in the browser', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output());
  const team = pickTeam(accounts);
  assert.ok(team && team.administrator, `no team with an administrator among the demo users:\n${server.output()}`);
  const subject = `báo cáo gửi Văn phòng Chính phủ qua trục (${Date.now()})`;

  await t.test('the administrator synchronises the directory', async () => {
    await signIn(team.administrator);
    await page.goto(`${server.url}/#/offices`);
    await page.waitForSelector('[data-testid=axis-directory]:not([hidden]) [data-testid=axis-sync]');
    await page.click('[data-testid=axis-sync]');
    await page.waitForSelector(`[data-testid=offices] tr[data-code="${GOVERNMENT}"]`);
    assert.match(await page.textContent(`[data-testid=offices] tr[data-code="${GOVERNMENT}"]`), /Qua trục liên thông/);
    assert.match(await page.textContent('[data-testid=offices] tr[data-code="000.00.00.G99"]'), /Giải thể.*Bộ Nội vụ/);
    assert.match(await page.textContent('[data-testid=axis-sync-result]'), /thêm 2/);
    await signOut();
  });

  await t.test('the specialist finds it by typing and picks it', async () => {
    await signIn(team.specialist);
    await page.click('[data-testid=new-document]');
    await page.waitForSelector('#f-subject');
    await page.selectOption('#f-typeCode', 'CV');
    await page.fill('#f-draftingUnit', 'VP');
    await page.fill('#f-subject', subject);
    await page.fill('#f-recipients', 'Văn phòng Chính phủ');
    await page.fill('#f-body', 'Báo cáo kết quả thực hiện nhiệm vụ được giao.');
    await page.fill('#f-distribution', 'Như trên\nLưu: VT, VP');
    await page.selectOption('#f-signerId', String(team.leader.user.id));
    // Without Vietnamese marks, by name.
    await page.fill('#f-recipientOffices-search', 'van phong chinh phu');
    const pick = page.locator(`#f-recipientOffices label[data-code="${GOVERNMENT}"]`);
    await pick.waitFor();
    assert.match(await pick.textContent(), /qua trục liên thông/);
    await pick.locator('input').check();
    // An old code finds the office that took it over.
    await page.fill('#f-recipientOffices-search', 'G99');
    const successor = page.locator('#f-recipientOffices label[data-code="000.00.00.G23"]');
    await successor.waitFor();
    assert.match(await successor.textContent(), /mã cũ 000\.00\.00\.G99/);
    assert.ok(await page.isChecked(`#f-recipientOffices input[value="${GOVERNMENT}"]`), 'the chosen office stays shown and chosen');
    await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('[data-testid=save-status]').textContent), null, { timeout: TIMEOUT });
    const id = page.url().match(/#\/documents\/(\d+)\/edit$/)[1];
    const draft = await page.evaluate(async (docId) => (await (await fetch(`/api/documents/${docId}`)).json()).draft, id);
    assert.deepEqual(draft.recipientOffices, [GOVERNMENT]);
    await page.click('[data-action=submit]');
    await page.waitForSelector('.doc-head .badge[data-state=submitted]');
    await signOut();
  });

  await t.test('approved, signed and issued, it goes to the axis and its delivery is shown', async () => {
    await signIn(team.leader);
    await openFromList('submitted', subject);
    await step('approve', 'approved');
    await step('sign', 'signed');
    await signOut();
    await signIn(team.clerk);
    await openFromList('signed', subject);
    await step('issue', 'issued');
    const deadline = Date.now() + 60_000;
    while (sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.equal(sent.length, 1, `packages at the axis; refused: ${refused.join('; ')}`);
    assert.match(sent[0].package, new RegExp(`<(\\w+:)?To>\\s*<(\\w+:)?OrganId>${GOVERNMENT.replace(/\./g, '\\.')}<`));
    const row = page.locator(`[data-testid=recipients] li[data-code="${GOVERNMENT}"] [data-testid=delivery]`);
    for (;;) { // the server asks the axis every second
      await page.reload();
      await row.waitFor();
      if (await row.getAttribute('data-delivery') === 'received' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.equal(await row.getAttribute('data-delivery'), 'received');
    assert.match(await row.textContent(), /Chuyển qua trục liên thông: Nơi nhận đã lấy gói tin/);
  });
  assert.deepEqual(refused, [], 'every call to the axis was signed right');
  assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
});
