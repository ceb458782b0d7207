// Works in insecure contexts too (a page served over plain http from a LAN host has no crypto.randomUUID).
export function uid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let out = Date.now().toString(36);
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
