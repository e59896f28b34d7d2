#!/usr/bin/env node
// Screenshots of the main pages into docs/screenshots/ (tests/screenshot-pages.mjs): sign-in,
// lists, editor with its live preview, a document with its signatures verified, the register,
// the audit trail, and the same kinds of page on a phone. These are also the references that
// tests/screenshots.spec.mjs compares the UI with: run this after a change of the UI's look that
// is meant, and commit the pictures (docs/web-ui.md, "Tests and screenshots").
// Starts the server like the browser test (--vanthu PATH | --url URL | --mock).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startServer, repoDir, option } from './lib.mjs';
import { shootMainPages } from './screenshot-pages.mjs';

const outDir = path.resolve(option('--out', 'SCREENSHOT_DIR', path.join(repoDir, 'docs/screenshots')));
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const browser = await launchBrowser();
try {
  await shootMainPages(server, browser, async (page, name) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  });
} catch (e) {
  const pages = browser.context.pages();
  if (pages.length) await pages[pages.length - 1].screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
  throw e;
} finally {
  await browser.close();
  await server.stop();
}
