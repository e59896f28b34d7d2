#!/usr/bin/env node
// Screenshot comparison (issue 16 item 7): the main pages at desktop and phone sizes, as
// tests/screenshots.mjs photographs them, against the committed pictures in docs/screenshots.
// What shows the clock (the PDF pages with their issue date and signing time, every date and time
// of day in the text) is left out of the comparison, in both pictures; the rest must match
// pixel for pixel up to pixelmatch's anti-aliasing tolerance and a few stray pixels. A failure
// writes the new picture and a picture of the differences (red) to test-output/screenshots/.
// After a change of the look that is meant: `node tests/screenshots.mjs --vanthu …` and commit.
//
//   node tests/screenshots.spec.mjs --vanthu ../../build/vanthu    (options as tests/flow.spec.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import pixelmatch from 'pixelmatch';
import { launchBrowser, startServer, repoDir, webDir } from './lib.mjs';
import { shootMainPages, clockRegions, SHOT_NAMES } from './screenshot-pages.mjs';

const REFERENCES = path.join(repoDir, 'docs/screenshots');
const OUT = path.join(webDir, 'test-output/screenshots');
// pixelmatch's per-pixel colour tolerance (0 to 1; 0.1 is its default, for anti-aliasing), and
// how many pixels may still differ. Runs on the same machine give 0; the logo's two letters moved
// down by 2 px make 24 to 28, so 10 lets only stray pixels through.
const THRESHOLD = 0.1;
const MAX_DIFFERENT_PIXELS = 10;
let server; let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** Paints the rectangles in a fixed colour, so that they compare equal. */
function blank(png, regions) {
  for (const r of regions) {
    for (let y = Math.max(0, r.y); y < Math.min(png.height, r.y + r.height); y++) {
      for (let x = Math.max(0, r.x); x < Math.min(png.width, r.x + r.width); x++) {
        const i = (y * png.width + x) * 4;
        png.data[i] = 255; png.data[i + 1] = 0; png.data[i + 2] = 255; png.data[i + 3] = 255;
      }
    }
  }
}

test('the main pages look as the committed screenshots, at desktop and phone sizes', { timeout: 900_000 }, async () => {
  const results = [];
  await shootMainPages(server, browser, async (page, name) => {
    const reference = path.join(REFERENCES, `${name}.png`);
    const buffer = await page.screenshot({ animations: 'disabled' });
    const regions = await clockRegions(page);
    if (!existsSync(reference)) { results.push({ name, problem: `no reference ${reference}` }); return; }
    const expected = PNG.sync.read(readFileSync(reference));
    const actual = PNG.sync.read(buffer);
    const save = () => {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(path.join(OUT, `${name}.png`), buffer);
    };
    if (expected.width !== actual.width || expected.height !== actual.height) {
      save();
      results.push({ name, problem: `${actual.width}×${actual.height} instead of ${expected.width}×${expected.height}` });
      return;
    }
    blank(expected, regions);
    blank(actual, regions);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const different = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD });
    const share = different / (actual.width * actual.height);
    results.push({ name, different, share, regions: regions.length });
    if (different > MAX_DIFFERENT_PIXELS) {
      save();
      writeFileSync(path.join(OUT, `${name}-diff.png`), PNG.sync.write(diff));
      results[results.length - 1].problem = `${different} pixels differ (${(share * 100).toFixed(2)} %); see ${path.join(OUT, `${name}-diff.png`)}`;
    }
  });
  for (const r of results) console.log(`${r.name}: ${r.problem || `${r.different} pixels differ, ${r.regions} regions with the clock left out`}`);
  assert.deepEqual(results.map((r) => r.name), SHOT_NAMES, 'every main page was photographed');
  const failed = results.filter((r) => r.problem);
  assert.deepEqual(failed, [], `pages that differ from docs/screenshots (if the change is meant: node tests/screenshots.mjs, and commit):\n${failed.map((r) => `${r.name}: ${r.problem}`).join('\n')}`);
});
