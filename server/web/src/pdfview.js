// Shows a PDF with pdf.js (pdfjs-dist from npm, its worker served from our own origin): every
// page as a canvas that fits the width of its container, redrawn when the width changes.
import * as pdfjs from 'pdfjs-dist';
import { h, clear, debounce } from './dom.js';

// The version in the query string: a browser never pairs a cached worker with a newer pdf.js.
// eslint-disable-next-line no-undef
pdfjs.GlobalWorkerOptions.workerSrc = new URL(`./pdf.worker.min.mjs?v=${__PDFJS_VERSION__}`, import.meta.url).href;
const standardFontDataUrl = new URL('./standard_fonts/', import.meta.url).href;

export class PdfView {
  /** @param {HTMLElement} host where the pages go */
  constructor(host) {
    this.host = host;
    this.host.classList.add('pdf-view');
    this.doc = null;
    this.generation = 0;
    this.lastWidth = 0;
    this.resizeObserver = new ResizeObserver(debounce(() => {
      const w = this.host.clientWidth;
      if (this.doc && Math.abs(w - this.lastWidth) > 8) this.draw();
    }, 150));
    this.resizeObserver.observe(this.host);
  }

  /** Loads the PDF bytes and draws all pages. Resolves with the page count. */
  async show(bytes) {
    const generation = ++this.generation;
    const task = pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      enableXfa: false,
      standardFontDataUrl,
      useWasm: false,
    });
    const doc = await task.promise;
    if (generation !== this.generation) { doc.destroy(); return 0; }
    const old = this.doc;
    this.doc = doc;
    await this.draw();
    if (old) old.destroy();
    return doc.numPages;
  }

  async draw() {
    const doc = this.doc;
    const generation = this.generation;
    const width = Math.max(200, this.host.clientWidth - 2);
    this.lastWidth = this.host.clientWidth;
    const ratio = window.devicePixelRatio || 1;
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: width / base.width });
      const canvas = h('canvas.pdf-page', { role: 'img', 'aria-label': `Trang ${n}/${doc.numPages}` });
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;   // CSSOM, allowed by the CSP
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      await page.render({
        canvas,
        canvasContext: canvas.getContext('2d'),
        viewport,
        transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined,
      }).promise;
      if (generation !== this.generation) return;
      pages.push(h('figure.pdf-figure', canvas, h('figcaption', `Trang ${n}/${doc.numPages}`)));
    }
    // Swap only when every page is drawn, keeping the scroll position: no flicker.
    const scroller = this.host.closest('.pdf-scroll') || this.host;
    const top = scroller.scrollTop;
    clear(this.host).append(...pages);
    scroller.scrollTop = top;
    this.host.dataset.pages = String(doc.numPages);
  }

  destroy() {
    this.generation++;
    this.resizeObserver.disconnect();
    if (this.doc) this.doc.destroy();
    this.doc = null;
  }
}
