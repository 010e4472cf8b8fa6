// A packet's stored files: written in chunks while hashed, read back whole
// (attachments, which are small by rule) or as a stream (downloads).
import { createHash, type Hash } from "node:crypto";
import type { Executor } from "../../db/types";
import { getDb } from "~/db.server";

export type PacketFileKind = "pdf" | "csv";
/** How an outbox attachment names a packet file, fetched when the email is sent. */
export const PACKET_FILE_REF = "packet_file";

/** Files are stored in pieces of this size, so no step holds a whole file. */
const CHUNK_BYTES = 256 * 1024;

/** Appends a file to packet_files in chunks while hashing it. */
export class PacketFileWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private total = 0;
  private hash: Hash = createHash("sha256");
  private constructor(
    private fileId: number,
    private db: Executor,
  ) {}

  static async open(
    { deliveryId, kind, filename, contentType }: { deliveryId: number; kind: PacketFileKind; filename: string; contentType: string },
    db: Executor,
  ) {
    const { id } = await db
      .insertInto("packet_files")
      .values({ delivery_id: deliveryId, kind, filename, content_type: contentType, bytes: 0, sha256: "" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return new PacketFileWriter(id, db);
  }

  push(data: Buffer | string) {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.hash.update(buf);
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.total += buf.length;
  }

  /** Stores whole chunks; call it between batches so waiting data stays small. */
  async flush(final = false) {
    if (this.pendingBytes === 0 || (!final && this.pendingBytes < CHUNK_BYTES)) return;
    let all = Buffer.concat(this.pending, this.pendingBytes);
    while (all.length >= CHUNK_BYTES || (final && all.length > 0)) {
      const piece = all.subarray(0, CHUNK_BYTES);
      await this.db.insertInto("packet_file_chunks").values({ file_id: this.fileId, seq: this.seq++, data: piece }).execute();
      all = all.subarray(piece.length);
    }
    this.pending = all.length ? [Buffer.from(all)] : [];
    this.pendingBytes = all.length;
  }

  async close() {
    await this.flush(true);
    const sha256 = this.hash.digest("hex");
    await this.db.updateTable("packet_files").set({ bytes: this.total, sha256 }).where("id", "=", this.fileId).execute();
    return { fileId: this.fileId, bytes: this.total, sha256 };
  }
}


export async function findPacketFile({ deliveryId, kind }: { deliveryId: number; kind: PacketFileKind }, db: Executor = getDb()) {
  return db.selectFrom("packet_files").selectAll().where("delivery_id", "=", deliveryId).where("kind", "=", kind).executeTakeFirst();
}

/** A whole file in memory: only for attachments, which are small by rule. */
export async function readPacketFile(fileId: number, db: Executor = getDb()): Promise<Buffer> {
  const chunks = await db.selectFrom("packet_file_chunks").select("data").where("file_id", "=", fileId).orderBy("seq").execute();
  return Buffer.concat(chunks.map((c) => c.data));
}

/** A file as a byte stream, one stored chunk at a time, for downloads. */
export function streamPacketFile(fileId: number, db: Executor = getDb()): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await db
        .selectFrom("packet_file_chunks")
        .select("data")
        .where("file_id", "=", fileId)
        .where("seq", "=", seq++)
        .executeTakeFirst();
      if (chunk) controller.enqueue(new Uint8Array(chunk.data));
      else controller.close();
    },
  });
}
