#!/usr/bin/env node
// Browser test of recipients entered once (issue 16 item 5) and chosen from the synchronised
// office directory (issue 20 item 4): `vanthu serve --demo` connected to the stand-in axis
// (axis-mock.mjs). The installation's administrator synchronises the axis's directory; at UBND
// huyện Văn Quan the specialist, with nothing typed under Kính gửi, finds Văn phòng Chính phủ (an
// axis office) and UBND xã Nghi Dương (an office of this server) by typing, and adds a name that
// is in no directory: Kính gửi is filled from the one list (Nơi nhận keeps "Như trên", or gets the names
// when it has none; dropping an office takes its name out again), each field still editable.
// Approved, signed and issued by the clerk: the printed letter (pdftotext) names every recipient,
// the two directory offices receive it electronically (through the axis and locally), and the
// free name receives nothing electronic.
//
//   node tests/recipients.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite, TIMEOUT } from './harness.mjs';
import { startAxis } from './axis-mock.mjs';

const GOVERNMENT = '000.00.00.G22';
const COMMUNE = 'DEMO.UB.ND';
const FREE = 'Sở Nội vụ tỉnh Lạng Sơn';
let server; let page; let axis; let work;
const suite = browserSuite({
  serverOptions: async () => {
    axis = await startAxis([
      { code: GOVERNMENT, name: 'Văn phòng Chính phủ' },
      { code: '000.00.00.G23', name: 'Bộ Nội vụ', oldCode: '000.00.00.G99' },
    ]);
    work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-recipients-'));
    return { extraArgs: ['--peers', axis.peersFile] };
  },
  started: (s) => ({ server, page } = s),
  cleanUp: async () => {
    if (axis) axis.close();
    if (work) rmSync(work, { recursive: true, force: true });
  },
});
const { problems, signIn, signOut } = suite;
const step = (action, expectedState) => suite.step(action, expectedState, async () => {}, 120_000);
const value = (selector) => page.inputValue(selector);

async function openFromList(tab, subject) {
  await page.goto(`${server.url}/#/list/${tab}`);
  await page.locator('[data-testid=document-list] td.subject a', { hasText: subject }).first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

async function savedDraft() {
  await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('[data-testid=save-status]').textContent), null, { timeout: TIMEOUT });
  const id = page.url().match(/#\/documents\/(\d+)\/edit$/)[1];
  return { id, draft: await page.evaluate(async (docId) => (await (await fetch(`/api/documents/${docId}`)).json()).draft, id) };
}

test('recipients are chosen once from the synchronised directory and feed Kính gửi, Nơi nhận and the dispatch', { timeout: 900_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team, `no team of UBND huyện Văn Quan:\n${server.output()}`);
  // The directory is synchronised by the installation's administrator (as in axis.spec.mjs).
  const first = pickTeam(await demoAccounts(server.url, server.output()));
  assert.ok(first && first.administrator, `no administrator among the demo users:\n${server.output()}`);
  const subject = `báo cáo kết quả cải cách hành chính gửi nhiều nơi (${Date.now()})`;
  let docId;
  try {
    await t.test('the administrator synchronises the axis directory', async () => {
      await signIn(first.administrator);
      await page.goto(`${server.url}/#/offices`);
      await page.waitForSelector('[data-testid=axis-directory]:not([hidden]) [data-testid=axis-sync]');
      await page.click('[data-testid=axis-sync]');
      await page.waitForSelector(`[data-testid=offices] tr[data-code="${GOVERNMENT}"]`);
      await signOut();
    });

    await t.test('the specialist picks recipients by typing; Kính gửi and Nơi nhận follow', async () => {
      await signIn(team.specialist);
      await page.click('[data-testid=new-document]');
      await page.waitForSelector('#f-subject');
      await page.selectOption('#f-typeCode', 'CV');
      await page.fill('#f-draftingUnit', 'VP');
      await page.fill('#f-subject', subject);
      await page.fill('#f-body', 'Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính 6 tháng đầu năm.');
      await page.fill('#f-distribution', 'Như trên;\nLưu: VT, VP.');
      await page.selectOption('#f-signerId', String(team.leader.user.id));
      assert.equal(await value('#f-recipients'), '', 'nothing typed under Kính gửi');

      // An office of the axis, by name without marks, ticked in the list.
      await page.fill('#f-recipientOffices-search', 'van phong chinh');
      const government = page.locator(`#f-recipientOffices label[data-code="${GOVERNMENT}"]`);
      await government.waitFor();
      await government.locator('input').check();
      assert.equal(await value('#f-recipients'), 'Văn phòng Chính phủ');
      // An office of this server, typed and taken with Enter (the one match); its name in capitals
      // in the directory is written as an address.
      await page.fill('#f-recipientOffices-search', 'nghi duong');
      await page.locator(`#f-recipientOffices label[data-code="${COMMUNE}"]`).waitFor();
      await page.press('#f-recipientOffices-search', 'Enter');
      assert.ok(await page.isChecked(`#f-recipientOffices input[value="${COMMUNE}"]`));
      assert.equal(await value('#f-recipientOffices-search'), '', 'the search box is ready for the next one');
      // A name in no directory: written, not sent.
      await page.fill('#f-recipientOffices-search', FREE);
      await page.click('[data-testid=add-free-recipient]');
      assert.equal(await value('#f-recipients'), `Văn phòng Chính phủ\nỦy ban nhân dân xã Nghi Dương\n${FREE}`);
      // "Như trên" stands for Kính gửi: Nơi nhận is left as it is.
      assert.equal(await value('#f-distribution'), 'Như trên;\nLưu: VT, VP.');

      // Without "Như trên", a picked office is also written under Nơi nhận, before "Lưu"; dropped,
      // it leaves both.
      await page.fill('#f-distribution', 'Lưu: VT, VP.');
      await page.fill('#f-recipientOffices-search', 'bo noi vu');
      const ministry = page.locator('#f-recipientOffices label[data-code="000.00.00.G23"]');
      await ministry.waitFor();
      await ministry.locator('input').check();
      assert.match(await value('#f-recipients'), /\nBộ Nội vụ$/);
      assert.equal(await value('#f-distribution'), 'Bộ Nội vụ\nLưu: VT, VP.');
      await ministry.locator('input').uncheck();
      assert.doesNotMatch(await value('#f-recipients'), /Bộ Nội vụ/);
      assert.equal(await value('#f-distribution'), 'Lưu: VT, VP.');
      await page.fill('#f-distribution', 'Như trên;\nLưu: VT, VP.');
      // Still editable by hand.
      await page.fill('#f-recipients', `Văn phòng Chính phủ\nỦy ban nhân dân xã Nghi Dương\n${FREE}`);

      const saved = await savedDraft();
      docId = saved.id;
      assert.deepEqual(saved.draft.recipients, ['Văn phòng Chính phủ', 'Ủy ban nhân dân xã Nghi Dương', FREE]);
      assert.deepEqual([...saved.draft.recipientOffices].sort(), [GOVERNMENT, COMMUNE].sort());
      assert.deepEqual(saved.draft.distribution, ['Như trên;', 'Lưu: VT, VP.']);
      await page.click('[data-action=submit]');
      await page.waitForSelector('.doc-head .badge[data-state=submitted]');
      await signOut();
    });

    await t.test('approved, signed and issued by the clerk to exactly those recipients', async () => {
      await signIn(team.leader);
      await openFromList('submitted', subject);
      await step('approve', 'approved');
      await step('sign', 'signed');
      await signOut();
      await signIn(team.clerk);
      await openFromList('signed', subject);
      await step('issue', 'issued');
      // The electronic dispatch: the two directory offices, nobody for the free name.
      await page.locator(`[data-testid=recipients] li[data-code="${COMMUNE}"]`).waitFor();
      await page.locator(`[data-testid=recipients] li[data-code="${GOVERNMENT}"]`).waitFor();
      assert.equal(await page.locator('[data-testid=recipients] li[data-code]').count(), 2);
      const deadline = Date.now() + 60_000;
      while (axis.sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      assert.equal(axis.sent.length, 1, `packages at the axis; refused: ${axis.refused.join('; ')}`);
      assert.match(axis.sent[0].package, new RegExp(`<(\\w+:)?OrganId>${GOVERNMENT.replace(/\./g, '\\.')}<`));

      // The printed letter names every recipient under Kính gửi, and Nơi nhận says "Như trên".
      const bytes = await page.evaluate(async (id) => {
        const r = await fetch(`/api/documents/${id}/pdf`);
        return [...new Uint8Array(await r.arrayBuffer())];
      }, docId);
      const pdfPath = path.join(work, 'issued.pdf');
      writeFileSync(pdfPath, Buffer.from(bytes));
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
      assert.ok(!text.error, `pdftotext is needed (scripts/bootstrap): ${text.error}`);
      const flat = text.stdout.replace(/\s+/g, ' ');
      assert.match(flat, /Kính gửi/);
      for (const name of ['Văn phòng Chính phủ', 'Ủy ban nhân dân xã Nghi Dương', FREE]) assert.ok(flat.includes(name), `${name} printed:\n${text.stdout}`);
      assert.match(flat, /Nơi nhận:.*Như trên/);
    });

    await t.test('the commune receives it from the directory pick', async () => {
      await signOut();
      const commune = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
      const clerk = pickTeam(commune, /NGHI DƯƠNG/i).clerk;
      await signIn(clerk);
      const arrived = await page.evaluate(async () => (await fetch('/api/incoming?state=arrived')).json());
      const items = Array.isArray(arrived) ? arrived : arrived.items;
      assert.ok(items.some((d) => d.subject === subject), `not arrived at Nghi Dương: ${JSON.stringify(items.map((d) => d.subject))}`);
    });
    assert.deepEqual(axis.refused, [], 'every call to the axis was signed right');
    assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
  } catch (e) {
    console.error(`server output:\n${server.output()}`);
    throw e;
  }
});
