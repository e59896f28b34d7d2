#!/usr/bin/env node
// Browser test of search (docs/search.md, NĐ 30 Phụ lục VI 6d, 6đ, 6e, 6h): the clerk of UBND xã
// Nghi Dương finds the incoming letter of the demo data with the advanced search, chooses the
// columns (remembered after a reload), opens the hit, saves the search shared with the office,
// exports the results as .docx and .pdf (read back with pandoc and pdftotext); a leader of the
// office finds the shared search and runs it.
//
//   node tests/search.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, watchedPage,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const WORDS = 'hien dai hoa bo phan mot cua'; // the demo letter Văn Quan sent to Nghi Dương
const SUBJECT_WORDS = 'hiện đại hóa Bộ phận Một cửa';
const NAME = 'Văn bản đến về Một cửa';
let server; let browser; let page; let downloads;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  downloads = mkdtempSync(path.join(os.tmpdir(), 'vanthu-search-'));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);
const headings = () => page.$$eval('[data-testid=search-results] thead th', (ths) => ths.map((th) => th.textContent));

async function exported(format) {
  const downloaded = page.waitForEvent('download');
  await page.click(`[data-testid=export-${format}]`);
  const download = await downloaded;
  assert.equal(download.suggestedFilename(), `ket-qua-tim-kiem.${format}`);
  const file = path.join(downloads, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

function textOf(command, args) {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `${command} failed: ${run.stderr || run.error}`);
  return run.stdout;
}

test('search: advanced search, chosen columns, a saved search shared with the office, export', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
  const team = pickTeam(accounts, /NGHI DƯƠNG/i);
  assert.ok(team, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);

  await t.test('the clerk finds the incoming letter with the advanced search and opens it', async () => {
    await signIn(team.clerk);
    await page.goto(`${server.url}/#/search?q=${encodeURIComponent(WORDS)}&register=incoming`);
    await page.click('[data-testid=search-advanced] summary');
    await page.selectOption('[data-testid=search-advanced] select[name=status]', { index: 0 });
    await page.waitForSelector('[data-testid=search-results] tr.search-hit[data-kind=incoming]');
    const row = await page.textContent('[data-testid=search-results] tr.search-hit[data-kind=incoming]');
    assert.ok(row.includes('Một cửa'), row);
    assert.ok(!/\b(arrived|registered|assigned|in_progress|done)\b/.test(row), `a state code is shown: ${row}`);
    await page.click('[data-testid=search-results] tr.search-hit[data-kind=incoming] a');
    await page.waitForURL(/#\/incoming\/\d+/);
    await page.waitForSelector('[data-testid=doc-subject]');
  });

  await t.test('the columns chosen are shown and remembered', async () => {
    await page.goto(`${server.url}/#/search?q=${encodeURIComponent(WORDS)}&register=incoming`);
    await page.waitForSelector('[data-testid=search-results] tr.search-hit');
    await page.click('.search-columns summary');
    await page.uncheck('[data-testid=column-issuer]');
    await page.check('[data-testid=column-handler]');
    await page.check('[data-testid=column-arrivalNumber]');
    let shown = await headings();
    assert.ok(shown.includes('Người xử lý') && shown.includes('Số đến') && !shown.includes('Cơ quan ban hành'), shown.join(', '));
    await page.reload();
    await page.waitForSelector('[data-testid=search-results] tr.search-hit');
    shown = await headings();
    assert.ok(shown.includes('Người xử lý') && !shown.includes('Cơ quan ban hành'), `not remembered: ${shown.join(', ')}`);
  });

  await t.test('the clerk saves the search, shared with the office', async () => {
    await page.fill('[data-testid=saved-name]', NAME);
    await page.check('[data-testid=saved-shared]');
    await page.click('[data-testid=save-search]');
    await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('[data-testid=search-tools-message]').textContent));
    const options = await page.$$eval('[data-testid=saved-searches] option', (os) => os.map((o) => o.textContent));
    assert.ok(options.some((o) => o.startsWith(NAME)), options.join(' | '));
  });

  await t.test('the results export as .docx and .pdf with the Vietnamese intact', async () => {
    const docx = await exported('docx');
    const docxText = textOf('pandoc', ['--from=docx', '--to=html', '--wrap=none', docx]);
    assert.ok(docxText.includes(SUBJECT_WORDS), docxText.slice(0, 800));
    assert.ok(docxText.includes('Người xử lý') && !docxText.includes('Cơ quan ban hành'), 'the columns chosen');
    const pdf = await exported('pdf');
    const check = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const pdfText = textOf('pdftotext', [pdf, '-']).replace(/\s+/g, ' ');
    assert.ok(pdfText.includes('hiện đại hóa'), pdfText.slice(0, 800));
    await signOut();
  });

  await t.test('a leader of the office finds the shared search and runs it', async () => {
    await signIn(team.leader);
    await page.goto(`${server.url}/#/search`);
    await page.waitForSelector(`[data-testid=saved-searches] option:has-text("${NAME}")`, { state: 'attached' });
    const value = await page.$eval('[data-testid=saved-searches]', (s, name) => [...s.options].find((o) => o.textContent.startsWith(name)).value, NAME);
    await page.selectOption('[data-testid=saved-searches]', value);
    await page.waitForFunction((q) => document.querySelector('[data-testid=search-box]').value === q, WORDS);
    await page.waitForSelector('[data-testid=search-results] tr.search-hit[data-kind=incoming]');
    assert.equal(await page.isVisible('[data-testid=delete-saved]'), false, 'a colleague may not delete it');
    await signOut();
  });

  assert.deepEqual(problems, []);
});
