// Two-phase signing with a key that never leaves the signer's USB token (docs/api.md):
//   1. POST /api/documents/{id}/sign/prepare {certificateChainPem} → {digest} (base64 SHA-256)
//   2. the token signs the digest on the signer's machine
//   3. POST /api/documents/{id}/sign/complete {signatureValue} (base64 raw signature) → signed
// A browser cannot reach a USB token by itself: it needs a signing helper on the user's machine
// (the kind Vietnamese CAs ship, listening on localhost) or a browser extension. When one is
// chosen, `findTokenSigner` returns an object with this shape, and the sign dialog in
// views/document.js offers "Ký bằng thiết bị ký số" next to the server-held key:
//   { name: string,
//     certificateChainPem(): Promise<string>,       // signer's certificate first, then CAs
//     signDigest(digestBase64: string): Promise<string> }  // base64 raw signature value
// The helper's own address must then be allowed in the Content-Security-Policy (connect-src).
import * as api from './api.js';

/** The token signer available in this browser, or null. None is supported yet. */
export async function findTokenSigner() {
  return null;
}

/** Signs document `id` with `signer` (see above). Resolves with the updated document. */
export async function signWithToken(id, signer) {
  const certificateChainPem = await signer.certificateChainPem();
  const { digest } = await api.post(`/documents/${id}/sign/prepare`, { certificateChainPem });
  const signatureValue = await signer.signDigest(digest);
  return api.post(`/documents/${id}/sign/complete`, { signatureValue });
}
