#!/usr/bin/env node
// Browser test of issue 14 item 4 on a draft's page: the specialist attaches a PDF (a file of
// another type is refused in Vietnamese), comments, and compares two kept versions (the changed
// fields and the body word by word); after submission the leader sees the comment and the file,
// adds a comment of their own, downloads the file, and edits the submitted draft (a version
// marked as the leader's).
//
//   node tests/draftwork.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite } from './harness.mjs';

let server; let page;
const { problems, signIn, signOut } = browserSuite({ started: (s) => ({ server, page } = s) });

/** Calls the API as an account (bearer token); returns {call, close}. */
async function apiAs(account) {
  const session = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  assert.ok(session.ok, `${account.username} cannot sign in`);
  const { token } = await session.json();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  return {
    call: async (method, url, body) => {
      const res = await fetch(`${server.url}/api${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
      return text && res.headers.get('content-type').includes('json') ? JSON.parse(text) : text;
    },
    pdf: async (id) => Buffer.from(await (await fetch(`${server.url}/api/documents/${id}/pdf`, { headers })).arrayBuffer()),
    close: () => fetch(`${server.url}/api/session`, { method: 'DELETE', headers }),
  };
}

test('comments, versions compared and attachments on a draft page', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team, `no team among the demo users; server said:\n${server.output()}`);
  const specialist = await apiAs(team.specialist);
  const draft = {
    typeCode: 'CV', subject: 'báo cáo tháng 6', recipients: ['UBND các xã, thị trấn.'],
    body: 'Đề nghị các xã báo cáo trước ngày 20/6./.', distribution: ['Như trên;', 'Lưu: VT, NV.'],
    signerId: team.leader.user.id, authority: 'KT', authorityOf: 'CHỦ TỊCH', draftingUnit: 'NV',
  };
  const created = await specialist.call('POST', '/documents', draft);
  const id = created.id;
  await specialist.call('PUT', `/documents/${id}`, { ...draft, subject: 'báo cáo quý II', body: 'Đề nghị các xã, thị trấn báo cáo trước ngày 25/6./.', version: 1 });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'vanthu-draftwork-'));
  const annex = path.join(folder, 'Phu luc so lieu.pdf');
  writeFileSync(annex, await specialist.pdf(id)); // a real PDF to attach
  const notes = path.join(folder, 'ghi-chu.txt');
  writeFileSync(notes, 'không phải tệp được phép');
  const docUrl = `${server.url}/#/documents/${id}`;

  await t.test('the specialist attaches a PDF; a text file is refused in Vietnamese', async () => {
    await signIn(team.specialist);
    await page.goto(docUrl);
    await page.waitForSelector('[data-testid=attachments-panel] #attachment-file');
    await page.setInputFiles('#attachment-file', notes);
    await page.waitForSelector('[data-testid=attachment-error]:not([hidden])');
    assert.match(await page.textContent('[data-testid=attachment-error]'), /Chỉ đính kèm được tệp PDF/);
    await page.setInputFiles('#attachment-file', annex);
    await page.waitForSelector('[data-testid=attachments] li[data-attachment] [data-testid=attachment-link]');
    assert.equal((await page.textContent('[data-testid=attachment-link]')).trim(), 'Phu luc so lieu.pdf');
  });

  await t.test('the specialist comments; the comment is listed with who and when', async () => {
    await page.fill('#comment-text', 'Xin ý kiến về thời hạn báo cáo.');
    await page.click('[data-testid=comment-add]');
    await page.waitForSelector('[data-testid=comments] li[data-comment]');
    const item = await page.textContent('[data-testid=comments] li[data-comment]');
    assert.ok(item.includes('Xin ý kiến về thời hạn báo cáo.') && item.includes(team.specialist.user.fullName), item);
  });

  await t.test('two versions compared: the changed fields and the body word by word', async () => {
    await page.waitForSelector('[data-testid=versions] li[data-version="2"]');
    await page.selectOption('#version-from', '1');
    await page.selectOption('#version-to', '2');
    await page.click('[data-testid=compare]');
    await page.waitForSelector('[data-testid=changed-fields] tr[data-field=subject]');
    const row = await page.textContent('[data-testid=changed-fields] tr[data-field=subject]');
    assert.ok(row.includes('báo cáo tháng 6') && row.includes('báo cáo quý II'), row);
    const added = await page.$$eval('[data-testid=body-diff] ins', (els) => els.map((e) => e.textContent.trim()));
    const removed = await page.$$eval('[data-testid=body-diff] del', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(added.includes('25/6./.') && removed.includes('20/6./.'), `added ${added}, removed ${removed}`);
    assert.ok(added.some((w) => w.includes('thị trấn')), `added ${added}`);
    await signOut();
  });

  await t.test('after submission the leader sees both, comments too, and downloads the file', async () => {
    await specialist.call('POST', `/documents/${id}/submit`);
    await signIn(team.leader);
    await page.goto(docUrl);
    await page.waitForSelector('[data-testid=comments] li[data-comment]');
    await page.waitForSelector('[data-testid=attachments] [data-testid=attachment-link]');
    await page.fill('#comment-text', 'Đề nghị ghi rõ ngày báo cáo.');
    await page.click('[data-testid=comment-add]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=comments] li[data-comment]').length === 2);
    const href = await page.getAttribute('[data-testid=attachment-link]', 'href');
    const download = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), start: String.fromCharCode(...bytes.slice(0, 5)) };
    }, href);
    assert.deepEqual(download, { status: 200, type: 'application/pdf', start: '%PDF-' });
    // The leader may edit the submitted draft (III.1n): a version kept as the leader's.
    await page.click('[data-testid=actions] [data-action=edit]');
    await page.waitForSelector('#f-body');
    await page.fill('#f-body', 'Đề nghị các xã, thị trấn báo cáo đầy đủ trước ngày 25/6./.');
    await page.waitForFunction(() => /^Đã lưu lúc \d\d:\d\d$/.test(document.querySelector('[data-testid=save-status]').textContent));
    await page.goto(docUrl);
    await page.waitForSelector('[data-testid=versions] li[data-version="3"] [data-testid=leader-edit]');
    assert.equal(await page.getAttribute('.doc-head .badge[data-state]', 'data-state'), 'submitted');
    await signOut();
  });

  await specialist.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
