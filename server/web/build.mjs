// Builds the web UI into dist/: one bundled, minified ES module (app-<hash>.js), the stylesheet
// (style-<hash>.css), the pdf.js worker and standard fonts, and index.html naming them. Nothing
// is fetched at run time from anywhere but the server itself; the page works under
// Content-Security-Policy: default-src 'self'.
//
// Safe while a server is serving dist/ and while another build runs at the same time (several
// CMake build trees may run it at once): dist/ is never emptied; hashed files are added,
// every other file is replaced by an atomic rename, index.html last, and bundles that no
// index.html has named for ten minutes are removed.
import * as esbuild from 'esbuild';
import { copyFile, cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

await mkdir(dist, { recursive: true });

const workerSrc = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
const pdfjsVersion = JSON.parse(await readFile(require.resolve('pdfjs-dist/package.json'), 'utf8')).version;

const options = {
  entryPoints: { app: path.join(here, 'src/main.js'), style: path.join(here, 'src/style.css') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16.4'],
  minify: !watch,
  sourcemap: true,
  legalComments: 'linked',
  // Content hashes in the names: the server may let browsers cache these files; index.html
  // (never cached) names the current ones.
  entryNames: watch ? '[name]' : '[name]-[hash]',
  metafile: true,
  logLevel: 'info',
  define: { __PDFJS_VERSION__: JSON.stringify(pdfjsVersion) },
};

const unique = `${process.pid}-${Date.now()}`;

async function writeAtomically(file, data) {
  const tmp = `${file}.tmp-${unique}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

async function copyAtomically(from, to) {
  const tmp = `${to}.tmp-${unique}`;
  await copyFile(from, tmp);
  await rename(tmp, to);
}

async function copyStatic(metafile) {
  const outputs = metafile ? Object.entries(metafile.outputs) : [];
  const named = (entry, fallback) => {
    const found = outputs.find(([, o]) => o.entryPoint && o.entryPoint.endsWith(entry));
    return found ? path.basename(found[0]) : fallback;
  };
  const app = named('src/main.js', 'app.js');
  const style = named('src/style.css', 'style.css');
  await copyAtomically(workerSrc, path.join(dist, 'pdf.worker.min.mjs'));
  const fonts = path.join(dist, 'standard_fonts');
  const fontsTmp = `${fonts}.tmp-${unique}`;
  await cp(path.join(path.dirname(workerSrc), '../standard_fonts'), fontsTmp, { recursive: true });
  await rm(fonts, { recursive: true, force: true });
  await rename(fontsTmp, fonts).catch(async () => rm(fontsTmp, { recursive: true, force: true })); // another build won
  await copyAtomically(path.join(here, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
  await writeAtomically(path.join(dist, 'build-info.json'),
    JSON.stringify({ pdfjs: pdfjsVersion, app, style, builtAt: new Date().toISOString() }) + '\n');
  const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
    .replace('href="style.css"', `href="${style}"`)
    .replace('src="app.js"', `src="${app}"`);
  await writeAtomically(path.join(dist, 'index.html'), html);
  return [app, style];
}

async function prune(current) {
  const keep = new Set(current.flatMap((f) => [f, `${f}.map`, f.replace(/\.js$/, '.js.LEGAL.txt')]));
  const old = Date.now() - 10 * 60 * 1000;
  for (const name of await readdir(dist)) {
    const bundle = /^(app|style)(-[A-Z0-9]+)?\.(js|css)(\.map|\.LEGAL\.txt)?$/.test(name);
    const leftover = /\.tmp-\d+-\d+$/.test(name);
    if (!(bundle || leftover) || keep.has(name)) continue;
    const file = path.join(dist, name);
    const info = await stat(file).catch(() => null);
    if (info && info.mtimeMs < old) await rm(file, { recursive: true, force: true });
  }
}

if (watch) {
  const ctx = await esbuild.context(options);
  await copyStatic(null);
  await ctx.watch();
  console.log('watching src/ …');
} else {
  const result = await esbuild.build(options);
  await prune(await copyStatic(result.metafile));
}
