#!/usr/bin/env node
// Browser test of the issue queue (issue 21 item 2, docs/signatures.md "Signing policy"): the
// office's time-stamp authority is down (the administrator names one nobody answers at); the
// clerk's issue is refused and the page offers the two choices. The clerk leaves the letter in
// the issue queue: its page says it waits, the clerk's home page lists it, the administrator sees
// it on the audit page. The clerk takes it out again and issues it at a lower level with a
// reason: the letter's page says so.
//
//   node tests/issuequeue.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const SUBJECT = 'kế hoạch trực Tết Q7W (chờ dấu thời gian)';
const REASON = 'Dịch vụ cấp dấu thời gian ngừng cả ngày; văn bản phải gửi ngay';
let server; let page;
const { problems, signIn, signOut, step } = browserSuite({ started: (s) => ({ server, page } = s) });

/** Calls the API as account (Bearer); returns [status, JSON or null]. */
async function as(account, method, path, body) {
  const session = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  assert.ok(session.ok, `${account.username} cannot sign in`);
  const { token } = await session.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const res = await fetch(`${server.url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  await fetch(`${server.url}/api/session`, { method: 'DELETE', headers });
  return [res.status, text ? JSON.parse(text) : null];
}

test('the clerk chooses between the issue queue and a lower level when the TSA is down', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output());
  const team = pickTeam(accounts);
  assert.ok(team && team.administrator, `no team with an administrator among the demo users; server said:\n${server.output()}`);

  // A signed letter, through the API (the browser flow itself is flow.spec.mjs's).
  const [created, draft] = await as(team.specialist, 'POST', '/documents', {
    typeCode: 'CV', subject: SUBJECT, recipients: ['Các thôn, tổ dân phố'],
    body: 'Đề nghị các thôn phân công trực Tết và báo cáo trước ngày 25 tháng 12.', distribution: ['Như trên;', 'Lưu: VT.'],
    signerId: team.leader.user.id, authority: 'TM', authorityOf: 'ỦY BAN NHÂN DÂN', draftingUnit: 'VP' });
  assert.equal(created, 201, JSON.stringify(draft));
  const id = draft.id;
  assert.equal((await as(team.specialist, 'POST', `/documents/${id}/submit`, {}))[0], 200);
  assert.equal((await as(team.leader, 'POST', `/documents/${id}/approve`, {}))[0], 200);
  const [signed, signedBody] = await as(team.leader, 'POST', `/documents/${id}/sign`, {});
  assert.equal(signed, 200, JSON.stringify(signedBody));
  // The office's TSA: a URL nobody answers at.
  const officeId = team.clerk.user.officeId;
  const [changed, policy] = await as(team.administrator, 'PUT', `/offices/${officeId}/signing-policy`, {
    signerLevel: 'B-LTA', sealLevel: 'B-LTA', tsa: 'url', tsaUrl: 'http://127.0.0.1:9/tsa', revocation: 'builtin' });
  assert.equal(changed, 200, JSON.stringify(policy));

  await t.test('the issue is refused; the clerk leaves the letter in the issue queue', async () => {
    await signIn(team.clerk);
    await page.goto(`${server.url}/#/documents/${id}`);
    await step('issue', null);
    await page.waitForFunction(() => /Chưa phát hành được theo chính sách ký/.test((document.querySelector('dialog[open] h2') || {}).textContent || ''));
    const text = await page.textContent('dialog[open]');
    assert.match(text, /dấu thời gian/);
    await page.selectOption('#evidence-choice', 'queue');
    await page.click('dialog[open] [data-testid=dialog-confirm]');
    await page.waitForSelector('[data-testid=issue-queue]');
    assert.match(await page.textContent('[data-testid=issue-queue]'), /Đang chờ phát hành/);
    assert.match(await page.textContent('.doc-head'), /Đã ký/);
    await page.goto(`${server.url}/#/`);
    await page.waitForSelector(`[data-section=issue-queue] .home-item[data-id="${id}"]`);
    assert.match(await page.textContent('[data-section=issue-queue]'), /Q7W/);
    await signOut();
  });

  await t.test('the administrator sees the waiting letter on the audit page', async () => {
    await signIn(team.administrator);
    await page.goto(`${server.url}/#/audit`);
    await page.waitForSelector(`[data-testid=issue-queue-admin] tr[data-id="${id}"]`);
    assert.doesNotMatch(await page.textContent('[data-testid=issue-queue-admin]'), /Q7W/, 'no subject for the administrator');
    await signOut();
  });

  await t.test('the clerk takes it out and issues it at a lower level with a reason', async () => {
    await signIn(team.clerk);
    await page.goto(`${server.url}/#/documents/${id}`);
    await page.click('[data-testid=leave-issue-queue]');
    await page.click('dialog[open] [data-testid=dialog-confirm]');
    await page.waitForSelector('[data-testid=issue-queue]', { state: 'detached' });
    await step('issue', null);
    await page.waitForSelector('#evidence-choice');
    await page.selectOption('#evidence-choice', 'lower');
    await page.selectOption('#evidence-level', 'B-B');
    // No reason: the dialog says what is missing and stays open.
    await page.click('dialog[open] [data-testid=dialog-confirm]');
    await page.waitForSelector('dialog[open] [data-testid=dialog-error]:not([hidden])');
    await page.fill('#evidence-reason', REASON);
    await page.click('dialog[open] [data-testid=dialog-confirm]');
    await page.waitForSelector('.doc-head .badge[data-state=issued]');
    await page.waitForSelector('[data-testid=lower-level]');
    const shown = await page.textContent('[data-testid=lower-level]');
    assert.match(shown, /B-B thay cho B-LTA/);
    assert.ok(shown.includes(REASON), shown);
  });

  await as(team.administrator, 'PUT', `/offices/${officeId}/signing-policy`, {
    signerLevel: 'B-LTA', sealLevel: 'B-LTA', tsa: 'builtin', revocation: 'builtin' });
  // The refused issue answered 503 on purpose.
  const unexpected = problems.filter((p) => !/status of 503/.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});
