// What /verify checks, the same in the browser (Web Crypto, the manifest
// fetched from its public URL) and on the server (the form posted without
// JavaScript): a receipt against its delivery's public manifest, and a whole
// packet against its manifest. Outcomes are codes; the page words them.
import type { PacketManifest } from "./manifest";
import type { Digest } from "./merkle";
import { checkReceipt, decodeReceipt, type ReceiptOutcome } from "./receipt";
import { verifyPacket, type PacketProblem } from "./verify-packet";

export type ReceiptCheck =
  | { kind: "receipt"; ok: true; row: number; sequence: number; slug: string; manifestPath: string }
  | { kind: "receipt"; ok: false; problem: Exclude<ReceiptOutcome, { ok: true }>["problem"] | "malformed" | "unknownDelivery" };

export type PacketCheck =
  | { kind: "packet"; ok: true; count: number; hash: string }
  | { kind: "packet"; ok: false; problems: (PacketProblem | { code: "manifestUnreadable" })[] };

export async function checkReceiptText(
  text: string,
  loadManifest: (slug: string, sequence: number) => Promise<PacketManifest | null>,
  digest: Digest,
): Promise<ReceiptCheck> {
  const receipt = decodeReceipt(text);
  if (!receipt) return { kind: "receipt", ok: false, problem: "malformed" };
  const manifest = await loadManifest(receipt.slug, receipt.sequence);
  if (!manifest) return { kind: "receipt", ok: false, problem: "unknownDelivery" };
  const outcome = await checkReceipt(receipt, manifest, digest);
  if (!outcome.ok) return { kind: "receipt", ok: false, problem: outcome.problem };
  const manifestPath = `/statements/${receipt.slug}/deliveries/${receipt.sequence}/manifest.json`;
  return { kind: "receipt", ok: true, row: receipt.index + 1, sequence: receipt.sequence, slug: receipt.slug, manifestPath };
}

function readManifest(text: string): PacketManifest | null {
  try {
    const m = JSON.parse(text) as PacketManifest;
    return m && typeof m === "object" && m.signatures?.csv && m.signatures.chain && m.statement && m.delivery ? m : null;
  } catch {
    return null;
  }
}

export async function checkPacketFiles(
  { manifest, csv, pdf }: { manifest: Uint8Array; csv: Uint8Array; pdf?: Uint8Array },
  digest: Digest,
): Promise<PacketCheck> {
  const parsed = readManifest(new TextDecoder().decode(manifest));
  if (!parsed) return { kind: "packet", ok: false, problems: [{ code: "manifestUnreadable" }] };
  const result = await verifyPacket({ manifest: parsed, csv, pdf }, digest);
  return result.ok ? { kind: "packet", ok: true, count: result.rows, hash: parsed.packetSha256 } : { kind: "packet", ok: false, problems: result.problems };
}
