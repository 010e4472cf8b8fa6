// `npm run verify-packet -- manifest.json [signatures.csv [packet.pdf]] [--receipt <file or string>]`:
// checks a delivered packet against its manifest (its hash, the CSV's bytes,
// the hash chain and the Merkle root), and a signer's receipt against the
// same manifest, offline. Exit code 0 when everything matches, 1 with the
// reasons when something does not.
import { existsSync, readFileSync } from "node:fs";
import type { PacketManifest } from "../app/delivery/manifest";
import { nodeDigest } from "../app/delivery/packet-hash.server";
import { checkReceipt, decodeReceipt } from "../app/delivery/receipt";
import { packetProblemText, verifyPacket } from "../app/delivery/verify-packet";

const args = process.argv.slice(2);
const at = args.indexOf("--receipt");
const receiptArg = at >= 0 ? args[at + 1] : undefined;
const [manifestPath, csvPath, pdfPath] = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
if (!manifestPath || (!csvPath && !receiptArg) || (at >= 0 && !receiptArg)) {
  console.error("usage: npm run verify-packet -- manifest.json [signatures.csv [packet.pdf]] [--receipt <file or string>]");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PacketManifest;
let failed = false;
if (csvPath) {
  const result = await verifyPacket({ manifest, csv: readFileSync(csvPath), pdf: pdfPath ? readFileSync(pdfPath) : undefined }, nodeDigest);
  if (result.ok) {
    const root = manifest.signatures.merkle ? `, Merkle root ${manifest.signatures.merkle.root}` : "";
    console.log(`OK: ${result.rows} signatures, packet ${manifest.packetSha256}${root}`);
  } else {
    for (const problem of result.problems) console.error(`FAIL: ${packetProblemText(problem)}`);
    failed = true;
  }
}
if (receiptArg) {
  const receipt = decodeReceipt(existsSync(receiptArg) ? readFileSync(receiptArg, "utf8") : receiptArg);
  const outcome = receipt ? await checkReceipt(receipt, manifest, nodeDigest) : null;
  if (receipt && outcome?.ok) {
    console.log(`OK: receipt for row ${receipt.index + 1} is in the packet (Merkle root ${receipt.root})`);
  } else {
    console.error(`FAIL: receipt ${outcome ? `does not match the manifest (${outcome.ok ? "" : outcome.problem})` : "cannot be read"}`);
    failed = true;
  }
}
if (failed) process.exit(1);
