// The main pages photographed for docs/screenshots, at desktop and phone sizes: used by
// tests/screenshots.mjs (which writes them) and tests/screenshots.spec.mjs (which compares them
// with the committed ones). Fills a `vanthu serve --demo` with a few letters through the API, then
// calls shot(page, name) on each page once it has settled.
import { demoAccounts, pickTeam } from './lib.mjs';

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** The names shot() is called with, in order. */
export const SHOT_NAMES = ['signin', 'list-drafts', 'editor', 'list-to-issue', 'document-signed', 'document-issued',
  'register', 'audit', 'phone-signin', 'phone-home', 'phone-editor', 'phone-list', 'phone-document'];

/**
 * The parts of the page that differ from run to run as they show the clock: the PDF pages (their
 * issue date and signing time) and every piece of text with a date or a time of day (dd/mm/yyyy,
 * hh:mm, "ngày 7 tháng 12 năm 2026", "năm 2026"), and date fields; also the read counters ("Lượt
 * xem: 1 · lượt tải: 1"), which count the PDF pane's own download when it lands before the
 * panel is read. Rectangles in page pixels.
 */
export async function clockRegions(page) {
  return page.evaluate(() => {
    const dateLike = /\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b|ngày \d{1,2} tháng \d{1,2}|năm \d{4}|tháng \d{1,2}\/\d{4}|lượt tải: \d+/i;
    const rects = [];
    const add = (r) => { if (r.width > 0 && r.height > 0) rects.push({ x: r.left, y: r.top, width: r.width, height: r.height }); };
    for (const c of document.querySelectorAll('canvas')) add(c.getBoundingClientRect());
    for (const i of document.querySelectorAll('input')) if (i.type === 'date' || dateLike.test(i.value)) add(i.getBoundingClientRect());
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!dateLike.test(n.textContent)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) add(r);
    }
    return rects.map((r) => ({ x: Math.floor(r.x) - 2, y: Math.floor(r.y) - 2, width: Math.ceil(r.width) + 4, height: Math.ceil(r.height) + 4 }));
  });
}

/** Waits for the page to settle: the network quiet, fonts loaded, toasts gone. */
export async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.waitForSelector('.toast', { state: 'detached', timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(400);
}

/** Fills the server and photographs the main pages; shot(page, name) does the photographing. */
export async function shootMainPages(server, browser, shot) {
  const accounts = await demoAccounts(server.url, server.output(), /ỦY BAN NHÂN DÂN HUYỆN/);
  const team = pickTeam(accounts, /ỦY BAN NHÂN DÂN HUYỆN/);
  if (!team) throw new Error(`no specialist, leader and clerk of one office:\n${server.output()}`);

  const session = async (account) => {
    const r = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
    const { token } = await r.json();
    return async (method, p, body) => {
      const res = await fetch(`${server.url}/api${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    };
  };
  const specialist = await session(team.specialist);
  const leader = await session(team.leader);
  const clerk = await session(team.clerk);
  const draft = (subject, body) => ({
    typeCode: 'CV', subject, recipients: ['Các phòng chuyên môn trực thuộc', 'UBND các xã, thị trấn'], body,
    distribution: ['Như trên', 'Lưu: VT, VP'], signerId: team.leader.user.id, authority: 'KT', authorityOf: 'CHỦ TỊCH',
    draftingUnit: 'VP', urgency: '', secrecy: '',
  });
  const body = 'Thực hiện Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân huyện đề nghị các đơn vị thực hiện một số nội dung sau:\n\n'
    + '1. Rà soát, đánh giá toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết; đề xuất cắt giảm, đơn giản hóa những thủ tục không còn phù hợp.\n\n'
    + '2. Đẩy mạnh tiếp nhận, giải quyết hồ sơ trực tuyến; công khai kết quả giải quyết tại bộ phận một cửa.\n\n'
    + '3. Báo cáo kết quả thực hiện về Văn phòng HĐND và UBND huyện trước ngày **25** hằng tháng[^1].\n\n'
    + 'Đề nghị các đơn vị nghiêm túc thực hiện./.\n\n[^1]: Báo cáo gửi qua hệ thống quản lý văn bản và điều hành.';
  const flow = async (subject, until) => {
    const d = await specialist('POST', '/documents', draft(subject, body));
    if (until === 'draft') return d;
    await specialist('POST', `/documents/${d.id}/submit`, {});
    if (until === 'submitted') return d;
    await leader('POST', `/documents/${d.id}/approve`, {});
    await leader('POST', `/documents/${d.id}/sign`, {});
    if (until === 'signed') return d;
    return clerk('POST', `/documents/${d.id}/issue`, {});
  };
  const issued = await flow('triển khai thực hiện Kế hoạch cải cách hành chính năm 2026', 'issued');
  await flow('tăng cường công tác phòng, chống thiên tai mùa mưa bão', 'issued');
  const signed = await flow('báo cáo kết quả chuyển đổi số 6 tháng đầu năm', 'signed');
  await flow('tổ chức Hội nghị sơ kết công tác dân vận chính quyền', 'submitted');
  const editing = await flow('đề nghị cung cấp số liệu phục vụ xây dựng kế hoạch năm 2027', 'draft');
  await flow('hướng dẫn lập hồ sơ công việc năm 2026', 'draft');

  const page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => { if (m.type() === 'error') console.error(`browser: ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`browser: ${e.message}`));
  const take = async (name) => { await settle(page); await shot(page, name); };
  const signIn = async (account) => {
    await page.goto(`${server.url}/#/signin`);
    await page.fill('#username', account.username);
    await page.fill('#password', account.password);
    await page.click('form.signin-card button[type=submit]');
    await page.waitForSelector('[data-testid=current-user]');
  };
  const signOut = async () => {
    await page.click('button.signout');
    await page.waitForSelector('#username');
  };
  const openDocument = async (id) => {
    await page.goto(`${server.url}/#/documents/${id}`);
    await page.waitForSelector('.doc-pdf canvas.pdf-page');
    await page.waitForSelector('[data-testid=verification-summary]');
  };
  const openEditor = async (id) => {
    await page.goto(`${server.url}/#/documents/${id}/edit`);
    await page.waitForSelector('.preview canvas.pdf-page');
  };

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${server.url}/#/signin`);
  await page.waitForSelector('#username');
  await take('signin');

  await page.setViewportSize(DESKTOP);
  await signIn(team.specialist);
  await page.goto(`${server.url}/#/list/drafts`);
  await page.waitForSelector('[data-testid=document-list]');
  await take('list-drafts');

  await openEditor(editing.id);
  await take('editor');

  await signOut();
  await signIn(team.clerk);
  await page.goto(`${server.url}/#/list/signed`);
  await page.waitForSelector('[data-testid=document-list]');
  await take('list-to-issue');

  await openDocument(signed.id);
  await take('document-signed');

  await openDocument(issued.id);
  await take('document-issued');

  await page.goto(`${server.url}/#/register`);
  await page.waitForSelector('[data-testid=register]');
  await take('register');

  const admin = accounts.find((a) => a.user.role === 'administrator' && a.user.officeId === team.clerk.user.officeId)
    || accounts.find((a) => a.user.role === 'administrator');
  if (!admin) throw new Error('no administrator among the demo users');
  await signOut();
  await signIn(admin);
  await page.goto(`${server.url}/#/audit`);
  await page.waitForSelector('[data-testid=audit]');
  await take('audit');
  await signOut();

  await page.setViewportSize(PHONE);
  await page.goto(`${server.url}/#/signin`);
  await page.waitForSelector('#username');
  await take('phone-signin');

  await signIn(team.specialist);
  await page.goto(`${server.url}/#/home`);
  await page.waitForSelector('main h1');
  await take('phone-home');

  await openEditor(editing.id);
  await take('phone-editor');
  await signOut();

  await signIn(team.clerk);
  await page.goto(`${server.url}/#/list/issued`);
  await page.waitForSelector('[data-testid=document-list]');
  await take('phone-list');

  await openDocument(issued.id);
  await take('phone-document');
  await page.close();
}
