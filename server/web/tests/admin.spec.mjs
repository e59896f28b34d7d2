#!/usr/bin/env node
// Browser test: a real office set up by its administrator through the web UI (issue 13), in
// Debian's headless chromium driven by playwright-core, against `vanthu serve --setup` (no
// --demo): the first-run page makes the first office and its administrator with the setup code
// the server printed (a wrong code and a wrong identifier show the server's sentences). The
// administrator creates an office with a real-format
// identifier (a wrong one shows the server's sentence), edits it, creates its specialist, leader
// and clerk, registers the leader's certificate; edits and moves another user, resets their
// password (they must change it at their next sign-in, and do), deactivates them; keeps the
// office's units (added, renamed, removed; a taken name and a unit with users refused; a user's
// unit chosen from them); puts the province's seal on a SoftHSM2 token slot (a wrong PIN
// refused with the server's sentence); imports the
// office's seal (a PKCS#12 made here with openssl; a wrong password shows the server's
// sentence), trusts the CA (a certificate that is not a CA is refused), adds its CRL, adds and
// removes an OCSP responder, dissolves an office with its successor. Then a letter goes from draft to issued: drafted
// and approved in the browser, signed in two phases with the registered certificate (the digest
// signed by openssl, standing in for the leader's token), issued by the clerk in the browser with
// the imported seal; `vanthu verify --trust ca.pem` and pdfsig accept its PDF.
//
//   node tests/admin.spec.mjs --vanthu ../../build/vanthu
// Options: --chromium PATH ($CHROMIUM, default /usr/bin/chromium), --web DIR ($VANTHU_WEB),
// --screens: screenshots of each administrator's page in test-output/ as well. Failure
// screenshots go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer, webDir, repoDir, option, watchedPage, takeStep,
  signIn as signInWith, signOut as signOutOf, SIGNING_AGENT } from './lib.mjs';

const TIMEOUT = 90_000; // generous: the server may be an ASan build
const SEAL_PASSWORD = 'Mật khẩu con dấu Nghi Long 2026';
const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const TOKEN_PIN = '246813579';
const vanthu = path.resolve(option('--vanthu', 'VANTHU', path.join(repoDir, 'build/vanthu')));
const work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-admin-test-'));
const dataDir = path.join(work, 'data');
const pki = path.join(work, 'pki');
const admin = { username: 'quantri', password: 'mật khẩu quản trị', user: { fullName: 'Trần Quản Trị' } };
let server; let browser; let page;
const problems = [];   // CSP violations, uncaught errors, console errors

/** openssl with these arguments in the pki folder; throws with its output on failure. */
function openssl(...args) {
  const r = spawnSync('openssl', args, { cwd: pki, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA, the seal's PKCS#12 (SEAL_PASSWORD) and a leader's certificate, made with openssl. */
function makePki() {
  mkdirSync(pki, { recursive: true });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650',
    '-subj', '/CN=CA thu nghiem Nghe An/O=Test', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  for (const [name, cn] of [['seal', 'UBND xa Nghi Long'], ['leader', 'Nguyen Van Chu Tich'], ['province', 'UBND tinh Nghe An']]) {
    writeFileSync(path.join(pki, `${name}.ext`), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`,
      '-subj', `/CN=${cn}/O=UBND xa Nghi Long`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-days', '365', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  }
  // The CA's CRL (nothing revoked), for the trust list's CRL upload.
  writeFileSync(path.join(pki, 'ca.cnf'), '[ca]\ndefault_ca = own\n[own]\ndatabase = index.txt\n'
    + 'crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n');
  writeFileSync(path.join(pki, 'index.txt'), '');
  writeFileSync(path.join(pki, 'crlnumber'), '01\n');
  openssl('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'ca.key', '-cert', 'ca.pem', '-out', 'ca.crl');
  writeFileSync(path.join(pki, 'p12-password'), `${SEAL_PASSWORD}\n`);
  openssl('pkcs12', '-export', '-inkey', 'seal.key', '-in', 'seal.pem', '-certfile', 'ca.pem',
    '-passout', 'file:p12-password', '-out', 'seal.p12');
}

/**
 * A SoftHSM2 token "CON DAU" (TOKEN_PIN) holding the province's seal key and certificate
 * (label "seal"); SOFTHSM2_CONF names it for the server started after this.
 */
function makeToken() {
  const tokens = path.join(work, 'tokens');
  mkdirSync(tokens, { recursive: true });
  writeFileSync(path.join(work, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = path.join(work, 'softhsm2.conf');
  const run = (cmd, ...args) => {
    const r = spawnSync(cmd, args, { cwd: pki, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  };
  run('softhsm2-util', '--init-token', '--free', '--label', 'CON DAU', '--pin', TOKEN_PIN, '--so-pin', '97531');
  openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'province.key', '-out', 'province8.pem');
  run('softhsm2-util', '--import', 'province8.pem', '--token', 'CON DAU', '--label', 'seal', '--id', '01', '--pin', TOKEN_PIN);
  openssl('x509', '-in', 'province.pem', '-outform', 'DER', '-out', 'province.der');
  run('pkcs11-tool', '--module', SOFTHSM_MODULE, '--token-label', 'CON DAU', '--login', '--pin', TOKEN_PIN,
    '--write-object', 'province.der', '--type', 'cert', '--id', '01', '--label', 'seal');
}

before(async () => {
  makePki();
  makeToken();
  // A new installation that waits for its first administrator (the first-run page); the
  // administrators may put a seal on the SoftHSM2 module's tokens.
  server = await startServer({ dataDir, extraArgs: ['--setup', '--pkcs11-module', SOFTHSM_MODULE] });
  browser = await launchBrowser();
  page = await watchedPage(browser, problems, TIMEOUT);
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(`${server.url}/`) && !u.startsWith(`${SIGNING_AGENT}/`) && !/^(data|blob):/.test(u)) problems.push(`request outside the server: ${u}`);
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const exit = await server.stop();
    if (exit) assert.equal(exit.code, 0, `server exit: ${JSON.stringify(exit)}`);
  }
  rmSync(work, { recursive: true, force: true });
});

const screens = process.argv.includes('--screens');
const view = (name) => (screens ? shoot(`admin-${name}`) : Promise.resolve());

async function shoot(name) {
  const dir = path.join(webDir, 'test-output');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => {});
}

const signIn = (account) => signInWith(page, server.url, account);
const signOut = () => signOutOf(page);

/** The text of a form's error box once it shows (role="alert"). */
async function alertIn(form) {
  const box = page.locator(`[data-testid=${form}] [role=alert]`);
  await box.waitFor({ state: 'visible' });
  return (await box.textContent()).trim();
}

async function submit(form) {
  await page.click(`[data-testid=${form}] button[type=submit]`);
}

/** The JSON API as a user, outside the browser (bearer token). */
async function apiAs(account) {
  const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }) });
  const signedIn = await r.text();
  assert.equal(r.status, 200, `sign-in of ${account.username}: ${signedIn}`);
  const { token } = JSON.parse(signedIn);
  return async (method, url, body) => {
    const res = await fetch(`${server.url}/api${url}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

const team = {
  specialist: { username: 'chuyenvien.nl', password: 'mật khẩu chuyên viên', user: { fullName: 'Lê Thị Lan' }, role: 'specialist', title: 'CHUYÊN VIÊN' },
  leader: { username: 'phochutich.nl', password: 'mật khẩu lãnh đạo', user: { fullName: 'Nguyễn Văn Hùng' }, role: 'leader', title: 'PHÓ CHỦ TỊCH' },
  clerk: { username: 'vanthu.nl', password: 'mật khẩu văn thư', user: { fullName: 'Hồ Thị Mai' }, role: 'clerk', title: 'VĂN THƯ' },
};

test('an administrator sets up an office in the browser and a letter is issued with its seal', { timeout: 900_000 }, async (t) => {
  let officeId = 0;
  const subject = `báo cáo kết quả rà soát thủ tục hành chính (thử nghiệm ${Date.now()})`;
  try {
    await t.test('the first-run page makes the first office and its administrator with the server\'s setup code', async () => {
      const code = (server.output().match(/mã cài đặt: (\S+)/) || [])[1];
      assert.ok(code, `no setup code in the server's output:\n${server.output()}`);
      await page.goto(`${server.url}/`);
      await page.waitForSelector('[data-testid=first-run]');
      await view('first-run');
      await page.fill('#fr-code', code);
      await page.fill('#fr-office-code', '000.00.H41');
      await page.fill('#fr-office-name', 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN');
      await page.fill('#fr-issuer', 'UBND');
      await page.fill('#fr-place', 'Nghệ An');
      await page.fill('#fr-username', admin.username);
      await page.fill('#fr-fullname', admin.user.fullName);
      await page.fill('#fr-password', admin.password);
      await page.fill('#fr-again', admin.password);
      await submit('first-run');
      assert.match(await alertIn('first-run'), /Mã định danh "000\.00\.H41" không đúng dạng/);
      await page.fill('#fr-office-code', '000.00.00.H41');
      await page.fill('#fr-code', 'SAIMA');
      await submit('first-run');
      assert.match(await alertIn('first-run'), /Mã cài đặt không đúng/);
      await page.waitForTimeout(1500); // a wrong code costs a second (the sign-in throttle)
      await page.fill('#fr-code', code);
      await submit('first-run');
      await page.waitForSelector('#username');
      // Now it is set up: the page is gone and a second installation is refused.
      const again = await fetch(`${server.url}/api/setup`);
      assert.deepEqual(await again.json(), { awaitsSetup: false });
    });

    await t.test('the first administrator adds an office with a real-format identifier', async () => {
      await signIn(admin);
      await page.click('[data-nav=offices]');
      await page.waitForSelector('[data-testid=offices] tr[data-code="000.00.00.H41"]');
      await page.fill('#no-code', '00.00.12.H41');
      await page.fill('#no-name', 'ỦY BAN NHÂN DÂN XÃ NGHI LONG');
      await page.fill('#no-parentBody', 'TỈNH NGHỆ AN');
      await page.fill('#no-issuerCode', 'UBND');
      await page.fill('#no-place', 'Nghi Long');
      await page.selectOption('#no-system', 'state');
      await page.selectOption('#no-parentId', { label: 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN (000.00.00.H41)' });
      await submit('office-new');
      assert.match(await alertIn('office-new'), /Mã định danh "00\.00\.12\.H41" không đúng dạng của Quyết định 20\/2020\/QĐ-TTg/);
      await page.fill('#no-code', '000.00.12.H41');
      await submit('office-new');
      await page.waitForURL(/#\/offices\/\d+$/);
      officeId = Number(page.url().match(/(\d+)$/)[1]);
      await page.waitForSelector('[data-testid=office-edit]');
      assert.equal(await page.textContent('h1'), 'ỦY BAN NHÂN DÂN XÃ NGHI LONG');
      // Edited: its name after the 2025 reorganisation (a ward, phường).
      await page.fill('#eo-name', 'ỦY BAN NHÂN DÂN PHƯỜNG NGHI LONG');
      await submit('office-edit');
      await page.waitForFunction(() => (document.querySelector('h1') || {}).textContent === 'ỦY BAN NHÂN DÂN PHƯỜNG NGHI LONG');
      assert.equal(await page.inputValue('#eo-code'), '000.00.12.H41');
      // Its signing policy: this installation has no time-stamp authority of its own, so the
      // letters are B-B and the administrator is warned (issue 21).
      await page.waitForSelector('[data-testid=signing-policy]');
      assert.equal(await page.inputValue('#sp-signerLevel'), 'B-B');
      assert.match(await page.textContent('[data-testid=policy-warnings]'), /Mức B-B không có dấu thời gian/);
      // Its units (phòng, ban): added, one renamed and removed, a taken name refused.
      for (const name of ['Văn phòng', 'Phòng Kinh tế', 'Phòng Tạm']) {
        await page.fill('#un-name', name);
        await submit('unit-new');
        await page.waitForSelector(`[data-testid=units] tr[data-unit="${name}"]`);
      }
      await page.fill('#un-name', 'Văn phòng');
      await submit('unit-new');
      assert.match(await alertIn('unit-new'), /Cơ quan đã có đơn vị "Văn phòng"/);
      await page.fill('[data-testid=units] tr[data-unit="Phòng Tạm"] input', 'Phòng Văn hóa - Xã hội');
      await page.click('[data-testid=units] tr[data-unit="Phòng Tạm"] button:has-text("Đổi tên")');
      await page.waitForSelector('[data-testid=units] tr[data-unit="Phòng Văn hóa - Xã hội"]');
      await page.click('[data-testid=units] tr[data-unit="Phòng Văn hóa - Xã hội"] button:has-text("Xóa")');
      // The page reloads the list after each change: wait for the list itself, not for the
      // removed row to be gone (it is gone too while the list is being drawn again).
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=units] tr[data-unit]')]
        .map((r) => r.dataset.unit).join('|') === 'Văn phòng|Phòng Kinh tế');
      assert.deepEqual(await page.locator('[data-testid=units] tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.dataset.unit)),
        ['Văn phòng', 'Phòng Kinh tế']);
      await view('office');
    });

    await t.test('its specialist, leader and clerk are created; the leader\'s certificate registered', async () => {
      await page.goto(`${server.url}/#/users?officeId=${officeId}`);
      for (const account of [...Object.values(team), { username: 'tamthoi.nl', password: 'mật khẩu tạm thời', user: { fullName: 'Người Tạm Thời' }, role: 'specialist', title: '' }]) {
        await page.waitForSelector('[data-testid=user-new]');
        await page.fill('#nu-fullName', account.user.fullName);
        await page.fill('#nu-username', account.username);
        await page.selectOption('#nu-role', account.role);
        await page.fill('#nu-title', account.title);
        await page.selectOption('#nu-unit', 'Văn phòng'); // from the office's list
        await page.fill('#nu-password', account.password);
        await page.uncheck('#nu-mustChange');
        await submit('user-new');
        await page.waitForSelector(`[data-testid=users] tr[data-username="${account.username}"]`);
      }
      assert.equal(await page.locator('[data-testid=users] tbody tr').count(), 4);
      await view('users');
      // A unit with users is not removed: the server's sentence is shown.
      await page.goto(`${server.url}/#/offices/${officeId}`);
      await page.click('[data-testid=units] tr[data-unit="Văn phòng"] button:has-text("Xóa")');
      const refused = page.locator('[data-testid=units-error]');
      await refused.waitFor({ state: 'visible' });
      assert.match(await refused.textContent(), /Đơn vị "Văn phòng" còn 4 người dùng/);
      await page.goto(`${server.url}/#/users?officeId=${officeId}`);
      await page.waitForSelector('[data-testid=users]');

      await page.click(`[data-testid=users] tr[data-username="${team.leader.username}"] a`);
      await page.waitForSelector('[data-testid=leader-certificate]');
      await page.setInputFiles('#lc-file', path.join(pki, 'seal.key')); // not a certificate
      await submit('leader-certificate');
      assert.match(await alertIn('leader-certificate'), /chứng thư/);
      await page.setInputFiles('#lc-file', path.join(pki, 'leader.pem'));
      await submit('leader-certificate');
      await page.waitForSelector('[data-testid=leader-certificate-current]');
      assert.match(await page.textContent('[data-testid=leader-certificate-current]'), /Nguyen Van Chu Tich/);
      await view('leader');
    });

    await t.test('a user is edited and moved, their password reset and changed, the account deactivated', async () => {
      const temp = { username: 'tamthoi.nl', password: 'mật khẩu mới tạm thời' };
      await page.goto(`${server.url}/#/users?officeId=${officeId}`);
      await page.click(`[data-testid=users] tr[data-username="${temp.username}"] a`);
      await page.waitForSelector('[data-testid=user-edit]');
      await page.fill('#eu-title', 'CHUYÊN VIÊN CHÍNH');
      await page.selectOption('#eu-unit', 'Phòng Kinh tế');
      // Where the notices of waiting work are e-mailed (issue 14 item 7).
      await page.fill('#eu-email', 'tamthoi.nl@nghean.example.vn');
      await submit('user-edit');
      await page.waitForFunction(() => (document.querySelector('#eu-unit') || {}).value === 'Phòng Kinh tế'
        && !document.querySelector('[data-testid=user-edit] button[type=submit]').disabled);
      assert.equal(await page.inputValue('#eu-title'), 'CHUYÊN VIÊN CHÍNH');
      const stored = await page.evaluate(async ([office, name]) => {
        const r = await (await fetch(`/api/users?officeId=${office}&limit=200`)).json();
        return (Array.isArray(r) ? r : r.items).find((u) => u.username === name);
      }, [officeId, temp.username]);
      assert.equal(stored.email, 'tamthoi.nl@nghean.example.vn');
      assert.equal(await page.inputValue('#eu-email'), 'tamthoi.nl@nghean.example.vn');
      await page.selectOption('#mu-office', { label: 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN (000.00.00.H41)' });
      await submit('user-move');
      await page.waitForFunction(() => /TỈNH NGHỆ AN/.test((document.querySelector('.page-head') || {}).textContent));

      await page.fill('#pw-password', 'ngắn');
      await submit('user-password');
      assert.match(await alertIn('user-password'), /ít nhất 8 ký tự/);
      await page.fill('#pw-password', temp.password);
      assert.ok(await page.isChecked('#pw-mustChange'), 'a reset asks for a change by default');
      await submit('user-password');
      await page.waitForFunction(() => /Phải đổi mật khẩu/.test((document.querySelector('.page-head') || {}).textContent));
      const userUrl = page.url();
      await signOut();

      // The user must choose a new password before anything else.
      await page.fill('#username', temp.username);
      await page.fill('#password', temp.password);
      await page.click('form.signin-card button[type=submit]');
      await page.waitForSelector('[data-testid=password-change]');
      await page.fill('#pc-current', temp.password);
      await page.fill('#pc-new', 'mật khẩu của chính tôi');
      await page.fill('#pc-again', 'mật khẩu khác');
      await page.click('[data-testid=password-change] button[type=submit]');
      assert.match(await page.textContent('[data-testid=password-change] [role=alert]'), /không giống nhau/);
      await page.fill('#pc-again', 'mật khẩu của chính tôi');
      await page.click('[data-testid=password-change] button[type=submit]');
      await page.waitForSelector('#username');
      await signIn({ username: temp.username, password: 'mật khẩu của chính tôi', user: { fullName: 'Người Tạm Thời' } });
      await signOut();

      await signIn(admin);
      await page.goto(userUrl);
      await page.waitForSelector('[data-testid=user-state]');
      await submit('user-state');
      await page.waitForSelector('dialog[open]');
      await page.click('dialog[open] [data-testid=dialog-confirm]');
      await page.waitForSelector('.page-head .badge[data-state=inactive]');
      const refused = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: temp.username, password: 'mật khẩu của chính tôi' }) });
      assert.equal(refused.status, 401);

      // Each change of rights waits on the users' page until an administrator confirms it
      // (Phụ lục VI III.3c): the move and the deactivation of this user among them.
      await page.goto(`${server.url}/#/users?officeId=${officeId}`);
      const notices = '[data-testid=access-notices]';
      await page.waitForSelector(`${notices} li[data-change=deactivate]`);
      assert.match(await page.textContent(`${notices} li[data-change=move]`), /Người Tạm Thời.*000\.00\.12\.H41 → 000\.00\.00\.H41/);
      await view('access-notices');
      const before = await page.locator(`${notices} li`).count();
      await page.click(`${notices} li[data-change=deactivate] button`);
      await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} li`).length === n - 1, [notices, before]);
      assert.match(await page.textContent(`${notices} h2`), new RegExp(`\\(${before - 1}\\)`));

      // The sign-ins are counted per account (Phụ lục VI III.6b): the temporary user's
      // refused attempt after the lock among them.
      await page.click('[data-nav=audit]');
      const stats = '[data-testid=access-statistics]';
      await page.waitForSelector(`${stats} tr[data-key="${temp.username}"]`);
      const cells = await page.locator(`${stats} tr[data-key="${temp.username}"] td`).allTextContents();
      assert.ok(Number(cells[1]) >= 1 && Number(cells[2]) >= 1, `counts of ${temp.username}: ${cells.join(' | ')}`);
      await view('access-statistics');
    });

    await t.test('the seal is imported from its PKCS#12 and the CA trusted', async () => {
      await page.click('[data-nav=keys]');
      await page.waitForSelector('[data-testid=seal]');
      await page.selectOption('#seal-office', String(officeId));
      await page.waitForSelector('[data-testid=seal-none]');
      assert.equal(await page.inputValue('#seal-office'), String(officeId));
      await page.setInputFiles('#seal-file', path.join(pki, 'seal.p12'));
      await page.fill('#seal-password', 'sai mật khẩu');
      await submit('seal');
      assert.match(await alertIn('seal'), /Không mở được tệp PKCS#12 của con dấu/);
      await page.setInputFiles('#seal-file', path.join(pki, 'seal.p12'));
      await page.fill('#seal-password', SEAL_PASSWORD);
      await submit('seal');
      await page.waitForSelector('[data-testid=seal-current]');
      assert.match(await page.textContent('[data-testid=seal-current]'), /UBND xa Nghi Long/);

      await page.setInputFiles('#trust-ca-file', path.join(pki, 'seal.pem'));
      await submit('trust-ca');
      assert.match(await alertIn('trust-ca'), /không phải của tổ chức chứng thực/);
      await page.setInputFiles('#trust-ca-file', path.join(pki, 'ca.pem'));
      await submit('trust-ca');
      await page.waitForSelector('[data-testid=trust] tr[data-kind=ca]');
      assert.match(await page.textContent('[data-testid=trust] tr[data-kind=ca]'), /CA thu nghiem Nghe An/);
      await page.setInputFiles('#trust-crl-file', path.join(pki, 'ca.pem')); // not a CRL
      await submit('trust-crl');
      assert.match(await alertIn('trust-crl'), /không phải danh sách chứng thư bị thu hồi/);
      await page.setInputFiles('#trust-crl-file', path.join(pki, 'ca.crl'));
      await submit('trust-crl');
      await page.waitForSelector('[data-testid=trust] tr[data-kind=crl]');
      assert.match(await page.textContent('[data-testid=trust] tr[data-kind=crl]'), /CA thu nghiem Nghe An/);
      await page.fill('#trust-ocsp-url', 'ftp://ocsp.example');
      await submit('trust-ocsp');
      assert.ok((await alertIn('trust-ocsp')).length > 0);
      await page.fill('#trust-ocsp-url', 'http://127.0.0.1:9/ocsp');
      await submit('trust-ocsp');
      await page.waitForSelector('[data-testid=trust] tr[data-kind=ocsp]');
      await page.click('[data-testid=trust] tr[data-kind=ocsp] button');
      await page.waitForSelector('[data-testid=trust] tr[data-kind=ocsp]', { state: 'detached' });
      await page.waitForSelector('[data-testid=trust] tr[data-kind=ca]');
      assert.equal(await page.locator('[data-testid=trust] tr[data-kind=ocsp]').count(), 0);
      assert.equal(await page.locator('[data-testid=trust] tr[data-kind=ca]').count(), 1);
      await view('keys');

      // The province's seal on a PKCS#11 token slot of the module the server allows: a wrong
      // PIN shows the server's sentence, the right one puts the token's seal in place.
      await page.selectOption('#seal-office', { label: 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN (000.00.00.H41)' });
      await page.waitForSelector('[data-testid=seal-none]'); // the province's page: no seal yet
      await page.waitForSelector('[data-testid=seal-token]');
      assert.equal(await page.inputValue('#seal-token-module'), SOFTHSM_MODULE);
      await page.fill('#seal-token-label', 'CON DAU');
      await page.fill('#seal-token-key', 'seal');
      await page.fill('#seal-token-pin', '0000');
      await submit('seal-token');
      assert.match(await alertIn('seal-token'), /Không mở được khóa con dấu trên thiết bị PKCS#11/);
      await page.fill('#seal-token-pin', TOKEN_PIN);
      await submit('seal-token');
      await page.waitForSelector('[data-testid=seal-current]');
      assert.match(await page.textContent('[data-testid=seal-current]'), /UBND tinh Nghe An[\s\S]*thẻ CON DAU/);
    });

    await t.test('an office is dissolved with its successor, its history kept', async () => {
      await page.click('[data-nav=offices]');
      await page.waitForSelector('[data-testid=office-new]');
      await page.fill('#no-code', '000.00.13.H41');
      await page.fill('#no-name', 'ỦY BAN NHÂN DÂN XÃ NGHI THÁI');
      await page.fill('#no-issuerCode', 'UBND');
      await page.fill('#no-place', 'Nghi Thái');
      await submit('office-new');
      await page.waitForSelector('[data-testid=office-dissolve]');
      await page.fill('#do-date', '2025-07-01');
      await page.selectOption('#do-successor', String(officeId));
      await submit('office-dissolve');
      await page.waitForSelector('dialog[open]');
      await page.click('dialog[open] [data-testid=dialog-confirm]');
      await page.waitForSelector('.page-head .badge[data-state=dissolved]');
      await page.click('[data-nav=offices]');
      await page.waitForSelector('[data-testid=offices] tr[data-code="000.00.13.H41"]');
      await view('offices');
      await page.goBack();
      await page.waitForSelector('.page-head .badge[data-state=dissolved]');
      assert.match(await page.textContent('.page-head .badge[data-state=dissolved]'), /01\/07\/2025.*PHƯỜNG NGHI LONG/);
      await page.click('[data-nav=audit]');
      await page.waitForSelector('[data-testid=audit] tbody tr');
      const audit = await page.textContent('[data-testid=audit]');
      for (const label of ['Thêm cơ quan', 'Sửa cơ quan', 'Giải thể cơ quan', 'Tạo người dùng', 'Sửa người dùng', 'Chuyển cơ quan', 'Đặt lại mật khẩu', 'Đổi mật khẩu', 'Khóa tài khoản', 'Nhập con dấu', 'Đăng ký chứng thư lãnh đạo', 'Thêm vào danh sách tin cậy', 'Bỏ khỏi danh sách tin cậy']) {
        assert.ok(audit.includes(label), `audit trail shows ${label}`);
      }
      await signOut();
    });

    await t.test('a letter of the new office goes from draft to issued with its seal and verifies', async () => {
      const leaderApi = await apiAs(team.leader);
      const leaderId = (await leaderApi('GET', '/me')).id;
      await signIn(team.specialist);
      await page.click('[data-testid=new-document]');
      await page.waitForSelector('#f-subject');
      await page.selectOption('#f-typeCode', 'CV');
      await page.fill('#f-draftingUnit', 'VP');
      await page.fill('#f-subject', subject);
      await page.fill('#f-recipients', 'Ủy ban nhân dân tỉnh Nghệ An');
      await page.fill('#f-body', 'Ủy ban nhân dân phường Nghi Long báo cáo kết quả rà soát thủ tục hành chính như sau.');
      await page.fill('#f-distribution', 'Như trên\nLưu: VT, VP');
      await page.selectOption('#f-signerId', String(leaderId));
      await page.selectOption('#f-authority', { index: 2 });
      await page.fill('#f-authorityOf', 'CHỦ TỊCH');
      await page.waitForFunction(() => /Đã lưu/.test(document.querySelector('[data-testid=save-status]').textContent), null, { timeout: TIMEOUT });
      await page.click('[data-action=submit]');
      await page.waitForSelector('.doc-head .badge[data-state=submitted]');
      const id = Number(page.url().match(/#\/documents\/(\d+)/)[1]);
      await signOut();

      await signIn(team.leader);
      await page.goto(`${server.url}/#/documents/${id}`);
      await takeStep(page, 'approve', 'approved');
      await signOut();
      // The leader's token, standing in: the digest signed by openssl with the registered key.
      const chain = readFileSync(path.join(pki, 'leader.pem'), 'utf8') + readFileSync(path.join(pki, 'ca.pem'), 'utf8');
      const { digest } = await leaderApi('POST', `/documents/${id}/sign/prepare`, { certificateChainPem: chain });
      writeFileSync(path.join(pki, 'digest.bin'), Buffer.from(digest, 'base64'));
      openssl('pkeyutl', '-sign', '-inkey', 'leader.key', '-in', 'digest.bin', '-pkeyopt', 'digest:sha256', '-out', 'signature.bin');
      const signature = readFileSync(path.join(pki, 'signature.bin')).toString('base64');
      assert.equal((await leaderApi('POST', `/documents/${id}/sign/complete`, { signatureValue: signature })).state, 'signed');

      await signIn(team.clerk);
      await page.goto(`${server.url}/#/documents/${id}`);
      await page.waitForSelector('.doc-head .badge[data-state=signed]');
      await takeStep(page, 'issue', 'issued', async () => {}, 120_000);
      const notation = (await page.textContent('[data-testid=notation]')).trim();
      assert.match(notation, /^01\/UBND-VP$/, `notation: ${notation}`);
      const pdf = await page.evaluate(async (href) => {
        const r = await fetch(href);
        const bytes = new Uint8Array(await r.arrayBuffer());
        let s = ''; for (const b of bytes) s += String.fromCharCode(b);
        return { status: r.status, base64: btoa(s) };
      }, `/api/documents/${id}/pdf`);
      assert.equal(pdf.status, 200);
      const file = path.join(work, 'letter.pdf');
      writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
      const verified = spawnSync(vanthu, ['verify', file, '--trust', path.join(pki, 'ca.pem')], { encoding: 'utf8' });
      assert.equal(verified.status, 0, `vanthu verify: ${verified.stdout}${verified.stderr}`);
      assert.match(verified.stdout, /UBND xa Nghi Long/);
      assert.match(verified.stdout, /Nguyen Van Chu Tich/);
      const pdfsig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
      assert.equal((pdfsig.match(/Signature Validation: Signature is Valid\./g) || []).length, 2, pdfsig);
    });
  } catch (e) {
    await shoot('admin-failure');
    throw e;
  }
  assert.deepEqual(problems, [], 'no CSP violation, script error, console error or outside request');
});
