// A small stand-in for the national document axis on loopback, for the browser tests that need
// one (axis.spec.mjs, recipients.spec.mjs): every call's XroadVnpt-* HMAC is checked as the axis
// does; it serves a directory of offices (getAgenciesListQD20), takes packages (sendEdoc), has
// nothing to deliver and reports each sent package as received by its receiver.
import http from 'node:http';
import { createHmac, createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SYSTEM = '000.00.00.T99';
export const SECRET = 'bi-mat-thu-nghiem';

/**
 * Starts the stand-in; directory: [{code, name, oldCode}]. Returns { server, sent, refused,
 * peersFile, close() }: sent holds the packages handed to it ({from, package}), refused the calls
 * it refused with why; peersFile is a `--peers` file that connects `vanthu serve` to it.
 */
export async function startAxis(directory) {
  const sent = [];
  const refused = [];
  const answer = (res, body) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
  const ok = (extra = {}) => ({ status: 'OK', ErrorCode: '0', ErrorDesc: 'Thanh cong', ...extra });
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const call = req.url.split('/').pop();
      const fail = (why) => { refused.push(`${call}: ${why}`); answer(res, { status: 'FAIL', ErrorCode: '-1', ErrorDesc: why }); };
      const signed = req.headers['xroadvnpt-sign-header'] || '';
      const keys = (req.headers['xroadvnpt-sign-header-key'] || '').split(';');
      let json;
      try { json = JSON.parse(signed); } catch { return fail('sign-header'); }
      for (const k of keys) if (json[`XroadVnpt-${k}`] !== req.headers[`xroadvnpt-${k.toLowerCase()}`]) return fail(`header ${k}`);
      if (json['XroadVnpt-systemid'] !== SYSTEM) return fail('systemid');
      if (createHmac('sha256', SECRET).update(signed, 'utf8').digest('hex') !== req.headers['xroadvnpt-hash-header']) return fail('HMAC');
      const body = Buffer.concat(chunks);
      if (call === 'getAgenciesListQD20') {
        if (JSON.parse(body.toString()).level !== '1') return fail('level');
        return answer(res, ok({ data: directory.map((o, i) => ({
          id: String(i + 1), code: o.code, code102: o.code, name: o.name, mail: '', pid: '', oldCode: o.oldCode || '',
        })) }));
      }
      if (call === 'sendEdoc') {
        const pkg = body.toString('utf8').replace(/\r\n$/, '');
        const hash = [...createHash('sha256').update(pkg, 'utf8').digest()].map((b) => b.toString(16)).join('');
        if (hash !== json['XroadVnpt-hash-file']) return fail('hash-file');
        sent.push({ from: json['XroadVnpt-from'], package: pkg });
        return answer(res, ok({ DocId: `5f${String(sent.length).padStart(22, '0')}` }));
      }
      if (call === 'getReceivedEdocList') return answer(res, ok({ data: [] }));
      // The poll counts first (GET, as the SDK), and the sync asks for the parents (pid).
      if (call === 'countReceiveEdoc' || call === 'countReceiveStatus') return answer(res, ok({ count: 0 }));
      if (call === 'getSynchronizeUnit' || call === 'getAgenciesList') return answer(res, ok({ data: [] }));
      if (call === 'getSentEdocList') {
        const to = (sent[sent.length - 1] || { package: '' }).package.match(/<(?:\w+:)?To>\s*<(?:\w+:)?OrganId>([^<]+)</);
        return answer(res, ok({ data: [{ senderDocId: json['XroadVnpt-docId'], receiverDocId: '6a0000000000000000000001', receiver: to ? to[1] : directory[0].code, receiveStatus: 'done', sendStatus: 'done' }] }));
      }
      return fail(`no call ${call}`);
    });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const work = mkdtempSync(path.join(os.tmpdir(), 'vanthu-axis-web-'));
  writeFileSync(path.join(work, 'axis-secret'), `${SECRET}\n`);
  chmodSync(path.join(work, 'axis-secret'), 0o600);
  const peersFile = path.join(work, 'peers.json');
  writeFileSync(peersFile, JSON.stringify({ self: 'web', peers: [], axis: {
    endpoint: `http://127.0.0.1:${srv.address().port}`, systemId: SYSTEM, secretFile: 'axis-secret', pollSeconds: 1, directoryHours: 0,
  } }));
  return {
    server: srv, sent, refused, peersFile,
    close() { srv.close(); rmSync(work, { recursive: true, force: true }); },
  };
}
