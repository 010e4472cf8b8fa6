// `npm run verify-packet -- manifest.json signatures.csv [packet.pdf]`:
// checks a delivered packet against its manifest, offline. Exit code 0 when
// everything matches, 1 with the reasons when something does not.
import { readFileSync } from "node:fs";
import type { PacketManifest } from "../app/delivery/manifest";
import { verifyPacket } from "../app/delivery/verify-packet";

const [manifestPath, csvPath, pdfPath] = process.argv.slice(2);
if (!manifestPath || !csvPath) {
  console.error("usage: npm run verify-packet -- manifest.json signatures.csv [packet.pdf]");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PacketManifest;
const result = verifyPacket({
  manifest,
  csv: readFileSync(csvPath),
  pdf: pdfPath ? readFileSync(pdfPath) : undefined,
});
if (result.ok) {
  console.log(`OK: ${result.rows} signatures, packet ${manifest.packetSha256}`);
} else {
  for (const problem of result.problems) console.error(`FAIL: ${problem}`);
  process.exit(1);
}
