/** Base64 (or a base64 data: URL) to bytes, decoded in the page: a fetch of data: would need the CSP to allow it. */
export function bytesOfBase64(text: string): Uint8Array {
  const binary = atob(text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
