// Builds the web UI into dist/: one bundled, minified ES module (app.js), the pdf.js worker
// copied next to it, the stylesheet and index.html. Nothing is fetched at run time from
// anywhere but the server itself; the page works under Content-Security-Policy: default-src 'self'.
import * as esbuild from 'esbuild';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

await rm(dist, { recursive: true, force: true });
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

async function copyStatic(metafile) {
  const outputs = metafile ? Object.entries(metafile.outputs) : [];
  const named = (entry, fallback) => {
    const found = outputs.find(([, o]) => o.entryPoint && o.entryPoint.endsWith(entry));
    return found ? path.basename(found[0]) : fallback;
  };
  const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
    .replace('href="style.css"', `href="${named('src/style.css', 'style.css')}"`)
    .replace('src="app.js"', `src="${named('src/main.js', 'app.js')}"`);
  await writeFile(path.join(dist, 'index.html'), html);
  await copyFile(workerSrc, path.join(dist, 'pdf.worker.min.mjs'));
  await cp(path.join(path.dirname(workerSrc), '../standard_fonts'), path.join(dist, 'standard_fonts'), { recursive: true });
  await copyFile(path.join(here, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
  await writeFile(path.join(dist, 'build-info.json'),
    JSON.stringify({ pdfjs: pdfjsVersion, builtAt: new Date().toISOString() }) + '\n');
}

if (watch) {
  const ctx = await esbuild.context(options);
  await copyStatic();
  await ctx.watch();
  console.log('watching src/ …');
} else {
  const result = await esbuild.build(options);
  await copyStatic(result.metafile);
}
