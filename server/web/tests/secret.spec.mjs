#!/usr/bin/env node
// Browser test of a secret letter's access (issue 14 items 5 and 6, docs/access-rules.md "Secret
// documents"): the clerk of UBND xã Nghi Dương enters a hỏa tốc, mật paper letter (the form takes
// both), which is listed first with its marks; a leader limits it to named people; the clerk no
// longer finds it in the list nor opens it; the leader names the clerk, who then reads it.
//
//   node tests/secret.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const SUBJECT = 'phương án bảo vệ kho vũ khí Q9Z (mật)';
let server; let page;
const { problems, signIn, signOut, step } = browserSuite({ started: (s) => ({ server, page } = s) });

/** A scan to upload: the PDF preview of a draft the leader starts through the API. */
async function scanPdf(leader) {
  const session = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: leader.username, password: leader.password }) });
  assert.ok(session.ok, 'the leader cannot sign in');
  const { token } = await session.json();
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const draft = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: auth, body: JSON.stringify({
    typeCode: 'CV', subject: 'nháp để lấy bản quét', recipients: ['Các thôn, tổ dân phố'],
    body: 'Đề nghị các thôn báo cáo kết quả trước ngày 30 tháng 6.', distribution: ['Như trên;', 'Lưu: VT.'],
    signerId: leader.user.id, authority: 'TM', authorityOf: 'ỦY BAN NHÂN DÂN', draftingUnit: 'VP' }) });
  assert.equal(draft.status, 201, await draft.clone().text());
  const { id } = await draft.json();
  const pdf = await fetch(`${server.url}/api/documents/${id}/pdf`, { headers: auth });
  assert.ok(pdf.ok, `no preview PDF: ${pdf.ok ? '' : await pdf.text()}`);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vanthu-secret-')), 'ban-quet.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: auth });
  return file;
}

async function incomingList() {
  await page.goto(`${server.url}/#/incoming?tab=registered`);
  await page.waitForSelector('[data-testid=incoming-list], .empty');
  return page.$$eval('[data-testid=incoming-list] tbody tr', (rows) => rows.map((r) => r.textContent));
}

test('a secret letter limited to named people in the browser', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
  const team = pickTeam(accounts, /NGHI DƯƠNG/i);
  assert.ok(team, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);
  const scan = await scanPdf(team.leader);
  let letterUrl = '';

  await t.test('the clerk enters a hỏa tốc, mật paper letter; it is listed first with its marks', async () => {
    await signIn(team.clerk);
    await page.goto(`${server.url}/#/incoming/new`);
    await page.fill('#p-senderName', 'BỘ CHỈ HUY QUÂN SỰ TỈNH');
    await page.fill('#p-notation', '12/PA-BCH');
    await page.fill('#p-subject', SUBJECT);
    await page.selectOption('#p-urgency', 'hoa-toc');
    await page.selectOption('#p-secrecy', 'mat');
    await page.setInputFiles('#p-scan', scan);
    await page.click('[data-testid=paper-submit]');
    await page.waitForSelector('[data-testid=doc-subject]');
    letterUrl = page.url();
    assert.equal(await page.getAttribute('.doc-head [data-urgency]', 'data-urgency'), 'hoa-toc');
    assert.equal(await page.getAttribute('.doc-head [data-secrecy]', 'data-secrecy'), 'mat');
    await step('register', 'registered');
    const rows = await incomingList();
    assert.ok(rows[0].includes(SUBJECT), `the hỏa tốc letter is not first: ${rows[0]}`);
    assert.ok(rows[0].includes('Hỏa tốc') && rows[0].includes('Mật'), rows[0]);
    await signOut();
  });

  await t.test('a leader limits it to named people', async () => {
    await signIn(team.leader);
    await page.goto(letterUrl);
    await page.click('[data-testid=access-limit]');
    await page.waitForSelector('[data-testid=access][data-limited=true]');
    const named = await page.$$eval('[data-testid=access-readers] li', (lis) => lis.map((li) => li.dataset.user));
    assert.deepEqual(named, [team.leader.username]);
    await page.reload();
    await page.waitForSelector('.doc-head [data-testid=limited-mark]');
    await signOut();
  });

  await t.test('the clerk, not named, neither finds nor opens it', async () => {
    await signIn(team.clerk);
    const rows = await incomingList();
    assert.ok(!rows.some((r) => r.includes(SUBJECT)), 'the limited letter is still listed to the clerk');
    await page.goto(letterUrl);
    await page.waitForSelector('text=Không mở được văn bản đến');
    assert.ok(!(await page.content()).includes(SUBJECT));
    await signOut();
  });

  await t.test('the leader names the clerk, who then reads it', async () => {
    await signIn(team.leader);
    await page.goto(letterUrl);
    await page.waitForSelector('#access-user');
    await page.selectOption('#access-user', { value: String(team.clerk.user.id) });
    await page.click('[data-testid=access-grant]');
    await page.waitForSelector(`[data-testid=access-readers] li[data-user="${team.clerk.username}"]`);
    await signOut();
    await signIn(team.clerk);
    await page.goto(letterUrl);
    await page.waitForSelector('[data-testid=doc-subject]');
    assert.equal(await page.textContent('[data-testid=doc-subject]'), SUBJECT);
    await signOut();
  });

  assert.deepEqual(problems, [], problems.join('\n'));
});
