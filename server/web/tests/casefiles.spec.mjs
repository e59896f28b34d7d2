#!/usr/bin/env node
// Browser test of case files (hồ sơ, docs/archive.md): UBND huyện Văn Quan's clerk adds an entry
// to the year's file list (danh mục hồ sơ), opens a case file from it, files the letter the
// office issued in the demo data from the letter's page, closes the file and downloads its
// archive package, which `vanthu archive verify` accepts; a specialist of the office reads the
// file and is offered no action.
//
//   node tests/casefiles.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, webDir, repoDir, option, watchedPage,
  signIn as signInWith, signOut as signOutOf } from './lib.mjs';

const TIMEOUT = 90_000;
const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã'; // issued in the demo data
const CODE = 'HS-07';
const CODE2 = 'HS-08';
const TITLE = 'Hồ sơ cải cách hành chính năm nay';
let server; let browser; let page; let downloads;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  downloads = mkdtempSync(path.join(os.tmpdir(), 'vanthu-casefiles-'));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

async function confirmDialog(fill = async () => {}) {
  await page.waitForSelector('dialog[open]');
  await fill();
  await page.click('dialog[open] [data-testid=dialog-confirm]');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
}

test('a case file is kept and handed over in the browser', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /VĂN QUAN/i);
  const team = pickTeam(accounts, /VĂN QUAN/i);
  assert.ok(team, `no team of UBND huyện Văn Quan among the demo users; server said:\n${server.output()}`);
  let fileUrl = '';
  try {
    await t.test('the clerk adds an entry to the file list; a wrong retention period is refused with its reason', async () => {
      await signIn(team.clerk);
      await page.click('[data-nav=casefiles]');
      await page.waitForSelector('[data-testid=add-entry]');
      await page.click('[data-testid=add-entry]');
      await page.fill('#e-code', CODE);
      await page.fill('#e-title', TITLE);
      await page.fill('#e-retention', 'mười năm');
      await page.click('[data-testid=entry-submit]');
      const error = page.locator('[data-testid=entry-error]');
      await error.waitFor();
      assert.match(await error.textContent(), /Thời hạn bảo quản/);
      assert.ok(await page.locator('[data-field=retention].invalid').count() === 1, 'the retention field is marked');
      await page.fill('#e-retention', '10 nam');
      await page.click('[data-testid=entry-submit]');
      const row = page.locator(`[data-testid=file-list] tr[data-code="${CODE}"]`);
      await row.waitFor();
      const text = await row.textContent();
      assert.ok(text.includes('10 năm'), `the period as written: ${text}`);
      assert.ok(text.includes(team.clerk.user.fullName), `the responsible person: ${text}`);
    });

    await t.test('the clerk opens a case file from the entry', async () => {
      await page.click(`[data-testid=file-list] tr[data-code="${CODE}"] [data-action=open]`);
      await confirmDialog(() => page.fill('#open-description', 'Văn bản chỉ đạo về Bộ phận Một cửa.'));
      await page.waitForURL(/#\/casefiles\/\d+$/);
      await page.waitForSelector('.doc-head .badge[data-state=open]');
      fileUrl = page.url();
      assert.equal((await page.textContent('[data-testid=casefile-title]')).trim(), TITLE);
      assert.equal((await page.textContent('[data-testid=doc-total]')).trim(), '0');
      assert.ok(await page.isDisabled('[data-testid=actions] [data-action=close]'), 'an empty file cannot be closed');
    });

    await t.test('the clerk files the issued letter from its page; filing it twice shows the server\'s reason', async () => {
      await page.goto(`${server.url}/#/list/issued`);
      await page.locator('[data-testid=document-list] td.subject a', { hasText: LETTER }).first().click();
      await page.waitForSelector('[data-testid=doc-subject]');
      const fileInto = async () => {
        await page.click('[data-testid=file-into-casefile]');
        await confirmDialog(async () => {
          const options = await page.$$eval('#file-casefile option', (os) => os.map((o) => o.textContent));
          assert.ok(options.some((o) => o.startsWith(`${CODE} `)), `open files offered: ${options}`);
        });
      };
      await fileInto();
      await page.locator('.toast-ok', { hasText: `Đã đưa văn bản vào hồ sơ ${CODE}` }).waitFor();
      await fileInto();
      const refused = page.locator('.toast-error');
      await refused.waitFor();
      assert.match(await refused.textContent(), new RegExp(`đã có trong hồ sơ ${CODE}`));
      // The letter's details name the file that holds it.
      await page.reload();
      await page.waitForSelector('[data-testid=holding-casefile]');
      assert.match(await page.textContent('[data-testid=holding-casefile]'), new RegExp(`^${CODE} — `));
    });

    await t.test('the same letter goes into a second case file, without a copy; its page names both', async () => {
      await page.goto(`${server.url}/#/casefiles`);
      await page.click('[data-testid=add-entry]');
      await page.fill('#e-code', CODE2);
      await page.fill('#e-title', 'Hồ sơ theo dõi Bộ phận Một cửa');
      await page.click('[data-testid=entry-submit]');
      await page.locator(`[data-testid=file-list] tr[data-code="${CODE2}"] [data-action=open]`).click();
      await confirmDialog();
      await page.waitForURL(/#\/casefiles\/\d+$/);
      await page.goto(`${server.url}/#/list/issued`);
      await page.locator('[data-testid=document-list] td.subject a', { hasText: LETTER }).first().click();
      await page.waitForSelector('[data-testid=doc-subject]');
      await page.click('[data-testid=file-into-casefile]');
      await confirmDialog(async () => {
        const value = await page.$$eval('#file-casefile option', (os, code) => os.find((o) => o.textContent.startsWith(`${code} `))?.value, CODE2);
        assert.ok(value, `${CODE2} is offered`);
        await page.selectOption('#file-casefile', value);
      });
      await page.locator('.toast-ok', { hasText: `Đã đưa văn bản vào hồ sơ ${CODE2}` }).waitFor();
      await page.reload();
      await page.waitForSelector('[data-testid=holding-casefile]');
      assert.equal(await page.locator(`[data-testid=holding-casefile] a[data-casefile="${CODE}"]`).count(), 1);
      assert.equal(await page.locator(`[data-testid=holding-casefile] a[data-casefile="${CODE2}"]`).count(), 1);
    });

    await t.test('the case file is exported as one PDF (index page, documents) and its XML', async () => {
      await page.goto(fileUrl);
      await page.waitForSelector('[data-testid=exports] [data-action=export-pdf]');
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=exports] [data-action=export-pdf]')]);
      assert.match(pdf.suggestedFilename(), new RegExp(`^ho-so-${CODE}-\\d{4}\\.pdf$`));
      const pdfPath = path.join(downloads, pdf.suggestedFilename());
      await pdf.saveAs(pdfPath);
      assert.equal(readFileSync(pdfPath).subarray(0, 5).toString('latin1'), '%PDF-');
      const check = spawnSync('qpdf', ['--check', pdfPath], { encoding: 'utf8' });
      assert.ok(!check.error, `qpdf is needed (scripts/bootstrap): ${check.error}`);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
      assert.ok(!text.error, `pdftotext is needed (scripts/bootstrap): ${text.error}`);
      const [index, ...rest] = text.stdout.split('\f');
      assert.match(index, /MỤC LỤC VĂN BẢN/);
      assert.ok(index.includes(CODE), `the index names the file: ${index}`);
      assert.ok(rest.join('').includes('Bộ phận Một cửa'), 'the letter follows the index');
      const [xml] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=exports] [data-action=export-xml]')]);
      assert.match(xml.suggestedFilename(), new RegExp(`^ho-so-${CODE}-\\d{4}\\.xml$`));
      const xmlPath = path.join(downloads, xml.suggestedFilename());
      await xml.saveAs(xmlPath);
      const metadata = readFileSync(xmlPath, 'utf8');
      assert.ok(metadata.includes(`<FileCode>${CODE}</FileCode>`), metadata);
      assert.ok(metadata.includes('<DocOrdinal>1</DocOrdinal>'), metadata);
    });

    await t.test('the clerk closes the file: totals, dates and the archive due date', async () => {
      await page.goto(fileUrl);
      const doc = page.locator('[data-testid=casefile-documents] tbody tr');
      await doc.first().waitFor();
      assert.equal(await doc.count(), 1);
      assert.ok((await doc.first().textContent()).includes(LETTER));
      await page.click('[data-testid=actions] [data-action=close]');
      await confirmDialog();
      await page.waitForSelector('.doc-head .badge[data-state=closed]');
      assert.equal((await page.textContent('[data-testid=doc-total]')).trim(), '1');
      assert.ok(Number(await page.textContent('[data-testid=page-total]')) >= 1);
      assert.match(await page.textContent('[data-testid=archive-due]'), /^\d{2}\/\d{2}\/\d{4}$/);
      assert.equal(await page.locator('[data-testid=actions] [data-action=add-document]').count(), 0, 'a closed file takes no document');
    });

    await t.test('the clerk downloads the archive package; vanthu archive verify accepts it', async () => {
      const downloaded = page.waitForEvent('download');
      const refused = page.waitForSelector('[data-testid=casefile-error]:not([hidden])').catch(() => null);
      await page.click('[data-testid=actions] [data-action=package]');
      const download = await Promise.race([downloaded, refused]);
      if (!download || !download.suggestedFilename) assert.fail(`no package: ${download ? await download.textContent() : 'nothing'}`);
      assert.match(download.suggestedFilename(), new RegExp(`^ho-so-${CODE}-\\d{4}\\.zip$`));
      const zip = path.join(downloads, download.suggestedFilename());
      await download.saveAs(zip);
      assert.equal(readFileSync(zip).subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP file');
      const listing = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
      if (!listing.error) {
        assert.equal(listing.status, 0, listing.stderr);
        assert.deepEqual(listing.stdout.trim().split('\n').sort(), ['checksums.sha256', 'documents/001.pdf', 'manifest.xml', 'renditions/001.pdf']); // the signed original and its PDF/A rendition
      }
      const vanthu = path.resolve(option('--vanthu', 'VANTHU', path.join(repoDir, 'build/vanthu')));
      if (existsSync(vanthu)) {
        const verify = spawnSync(vanthu, ['archive', 'verify', zip], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(verify.status, 0, `vanthu archive verify: ${verify.stdout}${verify.stderr}`);
        assert.match(verify.stdout, new RegExp(CODE));
      } else {
        t.diagnostic(`no vanthu binary at ${vanthu}: the package was not verified`);
      }
      await page.goto(`${server.url}/#/casefiles`);
      const row = page.locator(`[data-testid=casefile-list] tr[data-code="${CODE}"]`);
      await row.waitFor();
      assert.ok(await row.locator('[data-state=closed]').count() === 1);
      assert.equal((await row.locator('td.num').textContent()).trim(), '1');
      assert.equal(await row.locator('[data-archive]').getAttribute('data-archive'), 'ok');
      // the clerk's own files (người lập hồ sơ: the clerk, as the entry form proposed)
      await page.click('[data-action=mine]');
      await page.waitForURL(/mine=1/);
      await page.locator(`[data-testid=casefile-list] tr[data-code="${CODE}"]`).waitFor();
      await signOut();
    });

    await t.test('a specialist of the office reads the file and is offered no action', async () => {
      await signIn(team.specialist);
      await page.goto(`${server.url}/#/casefiles`);
      await page.locator(`[data-testid=casefile-list] tr[data-code="${CODE}"] a`).click();
      await page.waitForSelector('[data-testid=casefile-documents]');
      assert.equal(await page.locator('[data-testid=actions] button').count(), 0);
      assert.equal(await page.locator('[data-testid=exports] [data-action=export-pdf]').count(), 1, 'a reader may export the file');
      await page.goto(`${server.url}/#/casefiles`);
      await page.waitForSelector('[data-testid=file-list]');
      assert.equal(await page.locator('[data-testid=add-entry], [data-testid=file-list] [data-action=open]').count(), 0);
      await page.click('[data-action=mine]');
      await page.waitForURL(/mine=1/);
      await page.waitForSelector('h2:has-text("Hồ sơ tôi lập")');
      assert.equal(await page.locator(`[data-testid=casefile-list] tr[data-code="${CODE}"]`).count(), 0, 'not the specialist\'s file');
      await signOut();
    });
  } catch (e) {
    const dir = path.join(webDir, 'test-output');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'casefiles-failure.png'), fullPage: true }).catch(() => {});
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error or console error');
});
