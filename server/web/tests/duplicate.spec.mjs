#!/usr/bin/env node
// Browser test of the duplicate warning (issue 14 item 2, NĐ 30 Phụ lục VI III.1h): the letter
// that UBND huyện Văn Quan issued to UBND xã Nghi Dương in the demo data has arrived there
// electronically; the commune's clerk then enters the paper copy of the same letter (same issuer,
// number, notation and date). The form warns "Có thể trùng" with a link to the earlier entry,
// refuses to enter it without a reason, and enters it with one; the letter's page shows the
// warning, the link and the reason kept, and the clerk registers it.
//
//   node tests/duplicate.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, pickTeam } from './lib.mjs';
import { browserSuite } from './harness.mjs';

const LETTER = 'đẩy mạnh hiện đại hóa Bộ phận Một cửa cấp huyện, cấp xã';
const REASON = 'Bản giấy có bút phê của Chủ tịch UBND xã, lưu cùng hồ sơ.';
let server; let page;
const { problems, signIn, step } = browserSuite({ started: (s) => ({ server, page } = s) });

/** A one-page PDF (the "scan" of the paper copy), its cross-reference table computed. */
function scanPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
    '<< /Length 18 >>\nstream\n0 0 m 100 100 l S\nendstream',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) pdf += `${String(at).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

test('a paper copy of a letter already received warns "có thể trùng" and is entered only with a reason', { timeout: 600_000 }, async (t) => {
  const accounts = await demoAccounts(server.url, server.output(), /NGHI DƯƠNG/i);
  const team = pickTeam(accounts, /NGHI DƯƠNG/i);
  assert.ok(team, `no team of UBND xã Nghi Dương among the demo users; server said:\n${server.output()}`);
  let earlier; let paperId;
  try {
    await t.test('the clerk enters the paper copy and is warned, with a link to the earlier entry', async () => {
      await signIn(team.clerk);
      // The electronic letter, as the incoming list gives it.
      const arrived = await page.evaluate(async () => (await fetch('/api/incoming?state=arrived')).json());
      const items = Array.isArray(arrived) ? arrived : arrived.items;
      earlier = items.find((d) => d.subject === LETTER);
      assert.ok(earlier, `the demo letter has not arrived: ${JSON.stringify(items.map((d) => d.subject))}`);
      const full = await page.evaluate(async (id) => (await fetch(`/api/incoming/${id}`)).json(), earlier.id);
      assert.ok(full.number && full.notation, `no number or notation: ${JSON.stringify(full)}`);

      await page.goto(`${server.url}/#/incoming/new`);
      await page.waitForSelector('[data-testid=paper-form]');
      await page.fill('#p-senderName', full.senderName);
      // "Số, ký hiệu" as printed on the paper: "01/UBND-NV".
      await page.fill('#p-notation', /^\d+\//.test(full.notation) ? full.notation : `${full.number}/${full.notation}`);
      if (full.issuedDate) await page.fill('#p-issuedDate', full.issuedDate.slice(0, 10));
      await page.fill('#p-subject', LETTER);
      await page.setInputFiles('#p-scan', { name: 'ban-giay.pdf', mimeType: 'application/pdf', buffer: scanPdf() });
      await page.click('[data-testid=paper-submit]');
      // The warning, or whatever else the form says (or the page it went to), named on failure.
      await page.waitForFunction(() => !/#\/incoming\/new$/.test(location.hash)
        || document.querySelector('[data-testid=paper-duplicate]:not([hidden]), [data-testid=paper-form] p.field-error:not([hidden])'));
      const said = await page.evaluate(() => [location.hash, (document.querySelector('[data-testid=paper-form] p.field-error:not([hidden])') || {}).textContent]);
      const warning = page.locator('[data-testid=paper-duplicate]');
      assert.ok(await warning.isVisible(), `no duplicate warning: ${JSON.stringify(said)}; the earlier entry: ${JSON.stringify({ senderName: full.senderName, senderCode: full.senderCode, number: full.number, notation: full.notation, issuedDate: full.issuedDate })}`);
      assert.match(await warning.textContent(), /có thể trùng/i);
      const link = warning.locator('a[data-testid=earlier-entry]');
      assert.equal(await link.getAttribute('href'), `#/incoming/${earlier.id}`);
      assert.match(await link.textContent(), new RegExp(`${full.senderName}: ${LETTER}`));
      assert.match(page.url(), /#\/incoming\/new$/, 'nothing entered yet');
    });

    await t.test('without a reason it is not entered', async () => {
      await page.fill('#p-duplicateReason', '   ');
      await page.click('[data-testid=paper-submit]');
      const error = page.locator('[data-testid=paper-form] p.field-error');
      await error.waitFor({ state: 'visible' });
      assert.equal(await error.textContent(), 'Xin ghi lý do vẫn nhập văn bản có thể trùng.');
      assert.match(page.url(), /#\/incoming\/new$/);
      const count = await page.evaluate(async (subject) => {
        const r = await (await fetch('/api/incoming?state=arrived')).json();
        return (Array.isArray(r) ? r : r.items).filter((d) => d.subject === subject).length;
      }, LETTER);
      assert.equal(count, 1, 'only the electronic letter');
    });

    await t.test('with a reason it is entered, marked, linked to the earlier entry and registered', async () => {
      await page.fill('#p-duplicateReason', REASON);
      await page.click('[data-testid=paper-submit]');
      await page.waitForURL(/#\/incoming\/\d+$/);
      paperId = Number(page.url().match(/#\/incoming\/(\d+)$/)[1]);
      assert.notEqual(paperId, earlier.id);
      const alert = page.locator('[data-testid=duplicate]');
      await alert.waitFor();
      assert.match(await alert.textContent(), /có thể trùng/i);
      assert.equal(await alert.locator('a[data-testid=earlier-entry]').getAttribute('href'), `#/incoming/${earlier.id}`);
      assert.equal(await page.textContent('[data-testid=duplicate-reason]'), `Lý do vẫn nhận: ${REASON}`);
      // The clerk registers it; the reason given at entry stands (no second question).
      await step('register', 'registered');
      const stored = await page.evaluate(async (id) => (await fetch(`/api/incoming/${id}`)).json(), paperId);
      assert.equal(stored.state, 'registered');
      assert.equal(stored.duplicate.reason, REASON);
      assert.equal(stored.duplicate.earlier.id, earlier.id);
      // The link leads to the earlier entry.
      await page.click('[data-testid=duplicate] a[data-testid=earlier-entry]');
      await page.waitForURL(new RegExp(`#/incoming/${earlier.id}$`));
      await page.waitForSelector('[data-testid=doc-subject]');
      assert.equal((await page.textContent('[data-testid=doc-subject]')).trim(), LETTER);
    });

    assert.deepEqual(problems, []);
  } catch (e) {
    console.error(`server output:\n${server.output()}`);
    throw e;
  }
});
