#!/usr/bin/env node
// Browser test: one letter from draft to issued, through the web UI, in Debian's headless
// chromium driven by playwright-core.
//
//   node tests/flow.spec.mjs --vanthu ../../build/vanthu    start `vanthu serve --demo` on a free port
//   node tests/flow.spec.mjs --url http://127.0.0.1:8080   use a running server ($VANTHU_URL);
//                          demo users from $VANTHU_USERS="specialist=u:p,leader=u:p,clerk=u:p"
//                          or from the start-up output in $VANTHU_DEMO_OUTPUT
//   node tests/flow.spec.mjs --mock                        against tests/mock-server.mjs
// Options: --chromium PATH ($CHROMIUM, default /usr/bin/chromium), --web DIR ($VANTHU_WEB)
// passes the UI bundle to `vanthu serve --web`, --office REGEX ($VANTHU_OFFICE) picks the demo
// office by name (default: the first with a specialist, a leader and a clerk). Failure
// screenshots go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, demoAccounts, pickTeam, webDir, option, watchedPage, takeStep,
  signIn as signInWith, signOut as signOutOf, SIGNING_AGENT } from './lib.mjs';

const TIMEOUT = 90_000; // generous: the server may be an ASan build
let server; let browser; let page;
const problems = [];   // CSP violations, uncaught errors, console errors

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  // Nothing may be fetched from anywhere but the server itself.
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(`${server.url}/`) && !u.startsWith(`${SIGNING_AGENT}/`) && !/^(data|blob):/.test(u)) problems.push(`request outside the server: ${u}`);
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const exit = await server.stop();
    if (exit && process.env.VANTHU_EXPECT_CLEAN_EXIT !== '0') {
      // SIGTERM must stop the server with exit code 0 (issue 4, item 7).
      if (!process.argv.includes('--mock')) assert.equal(exit.code, 0, `server exit: ${JSON.stringify(exit)}`);
    }
  }
});

async function shoot(name) {
  const dir = path.join(webDir, 'test-output');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => {});
}

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

async function openFromList(tab, subject) {
  await page.goto(`${server.url}/#/list/${tab}`);
  await page.waitForSelector('[data-testid=document-list], .empty');
  const link = page.locator('[data-testid=document-list] td.subject a', { hasText: subject });
  await link.first().click();
  await page.waitForSelector('[data-testid=doc-subject]');
}

const doAction = (action, expectedState, extra) => takeStep(page, action, expectedState, extra, 120_000);

async function verificationOk(expectedSignatures) {
  const summary = page.locator('[data-testid=verification-summary]');
  await summary.waitFor({ timeout: 120_000 });
  const text = await page.textContent('[data-testid=verification]');
  assert.equal(await summary.getAttribute('data-ok'), 'true', `verification panel: ${text}`);
  const sigs = page.locator('[data-testid=signature]');
  assert.equal(await sigs.count(), expectedSignatures, `signatures shown: ${text}`);
  for (let i = 0; i < expectedSignatures; i++) assert.equal(await sigs.nth(i).getAttribute('data-ok'), 'true');
}

test('a letter goes from draft to issued in the browser', { timeout: 600_000 }, async (t) => {
  const officeOption = option('--office', 'VANTHU_OFFICE', '');
  const prefer = officeOption ? new RegExp(officeOption, 'i') : null;
  const accounts = await demoAccounts(server.url, server.output(), prefer);
  const team = pickTeam(accounts, prefer);
  assert.ok(team, `no specialist, leader and clerk of one office among the demo users; server said:\n${server.output()}`);
  const subject = `đề nghị rà soát hồ sơ cải cách hành chính (thử nghiệm ${Date.now()})`;
  let docUrl = '';

  try {
    await t.test('the specialist drafts the letter with a live preview and submits it', async () => {
      await signIn(team.specialist);
      await page.click('[data-testid=new-document]');
      await page.waitForSelector('#f-subject');
      const types = await page.$$eval('#f-typeCode option', (os) => os.map((o) => o.value));
      assert.ok(types.includes('CV'), `document types: ${types}`);
      await page.selectOption('#f-typeCode', 'CV');
      await page.fill('#f-draftingUnit', 'VP');
      await page.fill('#f-subject', subject);
      await page.fill('#f-recipients', 'Các phòng chuyên môn trực thuộc\nUBND các xã, thị trấn');
      await page.fill('#f-body', 'Thực hiện kế hoạch cải cách hành chính năm nay, đề nghị các đơn vị:\n\n'
        + '1. Rà soát toàn bộ hồ sơ thủ tục hành chính đang giải quyết.\n\n'
        + '2. Báo cáo kết quả về Văn phòng trước ngày **30** hằng tháng[^1].\n\n'
        + '[^1]: Qua hệ thống quản lý văn bản.');
      await page.fill('#f-distribution', 'Như trên\nLưu: VT, VP');
      await page.selectOption('#f-signerId', String(team.leader.user.id));
      await page.selectOption('#f-authority', { index: 2 }); // KT. (State) or K/T (Party)
      await page.fill('#f-authorityOf', team.leader.user.title === 'CHỦ TỊCH' ? 'ỦY BAN NHÂN DÂN' : 'CHỦ TỊCH');
      await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('[data-testid=save-status]').textContent), null, { timeout: TIMEOUT });
      assert.match(page.url(), /#\/documents\/\d+\/edit$/);
      await page.waitForSelector('.preview canvas.pdf-page', { timeout: TIMEOUT });
      // A later edit is saved and the preview follows it.
      const before = await page.getAttribute('.preview', 'data-version');
      await page.fill('#f-body', (await page.inputValue('#f-body')) + '\n\nĐề nghị các đơn vị thực hiện nghiêm túc.');
      await page.waitForFunction((v) => { const p = document.querySelector('.preview'); return p.dataset.version && p.dataset.version !== v; }, before, { timeout: TIMEOUT });
      await page.click('[data-action=submit]');
      await page.waitForSelector('.doc-head .badge[data-state=submitted]');
      docUrl = page.url().replace(/\/edit$/, '');
      assert.match(docUrl, /#\/documents\/\d+$/);
      assert.equal(await page.locator('[data-testid=actions] [data-action]').count(), 0, 'no actions left for the author');
      await signOut();
    });

    await t.test('the leader returns it with a comment; the specialist corrects and resubmits it', async () => {
      await signIn(team.leader);
      await openFromList('submitted', subject);
      await doAction('return', null, async () => {
        await page.click('dialog[open] [data-testid=dialog-confirm]'); // refused: no comment yet
        assert.ok(await page.isVisible('dialog[open] .field-error'));
        await page.fill('#return-comment', 'Bổ sung thời hạn báo cáo.');
      });
      await page.waitForSelector('.toast-ok');
      await page.waitForURL(/#\/list\/submitted$/);
      await signOut();
      await signIn(team.specialist);
      await openFromList('drafts', subject);
      assert.match(await page.textContent('.alert-warn'), /Bổ sung thời hạn báo cáo/);
      await page.click('[data-testid=actions] [data-action=edit]');
      await page.waitForSelector('#f-body');
      const version = await page.textContent('[data-testid=save-status]');
      await page.fill('#f-body', (await page.inputValue('#f-body')) + '\n\nThời hạn báo cáo: trước ngày 30 tháng 6.');
      await page.waitForFunction((v) => { const t = document.querySelector('[data-testid=save-status]').textContent; return /Đã lưu/.test(t) && t !== v; }, version);
      await page.click('[data-action=submit]');
      await page.waitForSelector('.doc-head .badge[data-state=submitted]');
      await signOut();
    });

    await t.test('the leader approves and signs it', async () => {
      await signIn(team.leader);
      await openFromList('submitted', subject);
      const actions = await page.$$eval('[data-testid=actions] [data-action]', (bs) => bs.map((b) => b.dataset.action));
      assert.deepEqual(actions.sort(), ['approve', 'edit', 'return']);
      await doAction('approve', 'approved');
      await doAction('sign', 'signed', async () => {
        assert.ok(await page.isVisible('[data-testid=token-signing-placeholder]'));
      });
      await page.waitForSelector('.doc-pdf canvas.pdf-page', { timeout: TIMEOUT });
      await verificationOk(1);
      await signOut();
    });

    await t.test('the clerk issues it with the next number of the register', async () => {
      await signIn(team.clerk);
      await openFromList('signed', subject);
      await doAction('issue', 'issued');
      const notation = (await page.textContent('[data-testid=notation]')).trim();
      assert.match(notation, /^\d+[/-]/, `notation: ${notation}`);
      assert.ok((await page.textContent('[data-testid=issued-date]')).trim());
      await page.waitForSelector('.doc-pdf canvas.pdf-page', { timeout: TIMEOUT });
      // The demo's signing policy is B-LTA (issue 21): the leader's signature, the seal and the
      // document time-stamp, each with the time point it is proved at.
      await verificationOk(3);
      assert.equal(await page.locator('[data-testid=signature]').nth(2).getAttribute('data-role'), 'document-time-stamp');
      assert.equal(await page.locator('[data-testid=signature] [data-testid=proved-at]').count(), 3);
      assert.match(await page.textContent('[data-testid=verification]'), /B-LTA/);
      // Issue 21 item 4: the issued letter is its own long-term copy until its first renewal, at
      // B-LTA, with the day its newest time-stamp falls due (the demo TSA's certificate: years).
      const longTerm = (await page.textContent('[data-testid=long-term-summary]')).trim();
      const due = longTerm.match(/^Bản lưu giữ lâu dài: PAdES B-LTA, dấu thời gian đến hạn (\d{2})\/(\d{2})\/(\d{4})\.$/);
      assert.ok(due, `long-term copy: ${longTerm}`);
      assert.ok(Number(due[3]) > new Date().getFullYear(), `due in a later year: ${longTerm}`);
      assert.equal(await page.getAttribute('[data-testid=long-term-copy]', 'data-state'), 'current');
      assert.equal(await page.locator('[data-testid=actions] [data-action]').count(), 0, 'an issued document offers no action');

      await page.goto(`${server.url}/#/list/issued`);
      await page.waitForSelector('[data-testid=document-list]');
      assert.ok(await page.locator('[data-testid=document-list] tr', { hasText: subject }).count() === 1);

      await page.goto(`${server.url}/#/register`);
      const row = page.locator('[data-testid=register] tbody tr', { hasText: subject });
      await row.waitFor();
      assert.match(await row.textContent(), new RegExp(notation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(await page.textContent('[data-testid=page-label]'), /^Trang 1\/1 · \d+ văn bản$/, 'the register shows its page');
      const csv = await page.evaluate(async (href) => {
        const r = await fetch(href);
        const bytes = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, text: new TextDecoder().decode(bytes) };
      }, await page.getAttribute('[data-testid=register-csv]', 'href'));
      assert.equal(csv.status, 200);
      assert.ok(csv.bom, 'the CSV starts with a UTF-8 BOM');
      assert.ok(csv.text.includes(notation), 'the CSV lists the issued document');
    });
    if (team.administrator) {
      await t.test('the administrator finds the steps in the audit trail', async () => {
        await signOut();
        await signIn(team.administrator);
        await page.goto(`${server.url}/#/audit`);
        await page.waitForSelector('[data-testid=audit] tbody tr');
        const id = docUrl.match(/(\d+)$/)[1];
        assert.ok(await page.locator(`[data-testid=audit] a[href="#/documents/${id}"]`).count() >= 5, 'audit entries of the document');
      });
    }
  } catch (e) {
    await shoot('failure');
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error, console error or outside request');
});
