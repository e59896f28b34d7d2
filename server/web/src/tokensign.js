// Two-phase signing with a key that never leaves the signer's USB token (docs/api.md):
//   1. POST /api/documents/{id}/sign/prepare {certificateChainPem} → {digest} (base64 SHA-256)
//   2. the token signs the digest on the signer's machine
//   3. POST /api/documents/{id}/sign/complete {signatureValue} (base64 raw signature) → signed
// A browser cannot reach a USB token by itself: step 2 goes to the signing agent on the leader's
// computer (`vanthu agent`, or any program serving the same protocol: docs/signing-agent.md),
// at the address the server names in /api/me's `signingAgent` (its Content-Security-Policy
// allows connecting there). The agent asks for the PIN itself; this page never sees it.
import * as api from './api.js';

const PROBE_MS = 1500;       // an agent on loopback answers at once; none: give up quickly
const SIGN_MS = 3 * 60_000;  // the leader types the PIN in the agent's own dialog

async function agentCall(base, path, { body, timeout }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let res;
  try {
    res = await fetch(base + path, {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new Error('Không kết nối được chương trình ký số trên máy (vanthu agent). Hãy mở chương trình rồi ký lại.');
  } finally {
    clearTimeout(timer);
  }
  let json = null;
  try { json = await res.json(); } catch { /* not the agent's JSON */ }
  if (!res.ok) {
    throw new Error((json && json.message) || `Chương trình ký số trên máy báo lỗi ${res.status}.`);
  }
  return json || {};
}

/** dd/mm/yyyy of an ISO time, in Vietnam's time (UTC+7). */
function vietnameseDate(iso) {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/**
 * The signing agent at `agentUrl`, or null when none answers. Resolves with
 * { certificates: [{token, label, id, subject, notAfter, expired, certificateChainPem}],
 *   signer(certificate) → { name, certificateChainPem(), signDigest(digestBase64) } }.
 */
export async function findTokenSigner(agentUrl) {
  if (!agentUrl) return null;
  const base = agentUrl.replace(/\/+$/, '');
  try {
    const status = await agentCall(base, '/v1/status', { timeout: PROBE_MS });
    if (status.agent === undefined || status.protocol !== 1) return null;
    const { certificates = [] } = await agentCall(base, '/v1/certificates', { timeout: 10_000 });
    return {
      certificates,
      signer(certificate) {
        return {
          name: `${certificate.subject} (${certificate.token})`,
          // Said before anything is sent to the server (the agent refuses it too).
          problem: certificate.expired
            ? `Chứng thư số của ${certificate.subject} đã hết hạn ngày ${vietnameseDate(certificate.notAfter)}; không ký được bằng chứng thư này. Hãy liên hệ tổ chức chứng thực để gia hạn.`
            : '',
          certificateChainPem: async () => certificate.certificateChainPem,
          signDigest: async (digest) => (await agentCall(base, '/v1/sign', {
            body: { token: certificate.token, id: certificate.id, digest, algorithm: 'sha256' },
            timeout: SIGN_MS,
          })).signatureValue,
        };
      },
    };
  } catch {
    return null;
  }
}

/** Signs document `id` with `signer` (see above). Resolves with the updated document. */
export async function signWithToken(id, signer) {
  if (signer.problem) throw new Error(signer.problem);
  const certificateChainPem = await signer.certificateChainPem();
  const { digest } = await api.post(`/documents/${id}/sign/prepare`, { certificateChainPem });
  const signatureValue = await signer.signDigest(digest);
  return api.post(`/documents/${id}/sign/complete`, { signatureValue });
}
