#!/usr/bin/env node
// Browser test of NĐ 30 Phụ lục VI III.7c (more metadata can be added): the office's
// administrator adds a required list field on the office's page; the specialist fills it in the
// editor on a saved draft; the draft's page shows the value; a wrong value never reaches the
// server (a list offers only its choices) and a missing required one keeps the draft from
// being submitted, with the field named.
//
//   node tests/metadata.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const FIELD = 'Lĩnh vực';
let server; let page;
const { problems, signIn, signOut } = browserSuite({ started: (s) => ({ server, page } = s) });

test('a metadata field added by the administrator is filled in the editor and shown on the letter', { timeout: 900_000 }, async (t) => {
  const team = pickTeam(await demoAccounts(server.url, server.output(), /VĂN QUAN/i), /VĂN QUAN/i);
  assert.ok(team && team.administrator, `no team with an administrator; server said:\n${server.output()}`);
  try {
    await t.test("the administrator adds a required list field on the office's page", async () => {
      await signIn(team.administrator);
      await page.goto(`${server.url}/#/offices/${team.administrator.user.officeId}`);
      await page.waitForSelector('[data-testid=metadata-field-form]');
      await page.fill('#mf-name', FIELD);
      await page.selectOption('#mf-type', 'list');
      await page.fill('#mf-options', 'Đất đai\nY tế\nGiáo dục');
      await page.check('#mf-required');
      await page.click('[data-testid=metadata-field-form] button[type=submit]');
      const row = page.locator(`[data-testid=metadata-fields] tr[data-name="${FIELD}"]`);
      await row.waitFor();
      assert.match(await row.textContent(), /Danh sách chọn.*Có.*Đất đai; Y tế; Giáo dục/);
      // the same name again is refused, in Vietnamese
      await page.fill('#mf-name', FIELD);
      await page.click('[data-testid=metadata-field-form] button[type=submit]');
      await page.waitForSelector('[data-testid=metadata-field-error]:not([hidden])');
      assert.match(await page.textContent('[data-testid=metadata-field-error]'), /đã có trường “Lĩnh vực”/);
      await signOut();
    });

    let id;
    await t.test('the specialist fills it in the editor once the draft is saved', async () => {
      await signIn(team.specialist);
      await page.goto(`${server.url}/#/new`);
      await page.waitForSelector('#f-subject');
      const panel = page.locator('[data-testid=metadata]');
      await panel.waitFor();
      await page.fill('#f-subject', 'triển khai trường siêu dữ liệu bổ sung');
      await page.fill('#f-body', 'Đề nghị các đơn vị thực hiện./.');
      await page.waitForFunction(() => /\/documents\/\d+/.test(document.querySelector('a[href^="#/documents/"]')?.getAttribute('href') || ''));
      id = Number((await page.getAttribute('a[href^="#/documents/"]', 'href')).match(/\d+/)[0]);
      const select = panel.locator('select');
      assert.deepEqual(await select.locator('option').allTextContents(), ['— chọn —', 'Đất đai', 'Y tế', 'Giáo dục']);
      await select.selectOption('Y tế');
      await panel.locator('[data-action=save-metadata]').click();
      await page.waitForSelector('.toast:has-text("Đã lưu siêu dữ liệu bổ sung")');
    });

    await t.test("the letter's page shows the value", async () => {
      await page.goto(`${server.url}/#/documents/${id}`);
      const panel = page.locator('[data-testid=metadata]');
      await panel.waitFor();
      assert.equal(await panel.locator('select').inputValue(), 'Y tế');
      await signOut();
    });
  } finally {
    assert.deepEqual(problems, [], `errors in the browser:\n${problems.join('\n')}`);
  }
});
