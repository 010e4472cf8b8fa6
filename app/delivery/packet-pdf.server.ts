// The packet's PDF: a cover (the statement, totals by ward, the hashes) and
// the signatures as a table, streamed a page at a time.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import { formatNumber, type Locale } from "~/i18n/core";
import { type EmailT as T } from "~/i18n/email.server";
import type { StatementContent } from "~/statements/text";
import type { PacketManifest, WardTotal } from "./manifest";
import { WHO_SEES_WHAT } from "~/signing/who-sees-what";
import { officialDisplayName, type PacketRow } from "./packet-csv";

/** What a delivery's packet is made from: frozen when the delivery is made. */
export interface PacketSource {
  deliveryId: number;
  sequence: number;
  deliveredAt: Date;
  statement: StatementContent & { slug: string; versionHash: string; canonicalText: string; jurisdiction: string };
  count: number;
  /** Every ward of the jurisdiction, in order, with the recipients who represent it. */
  wards: (WardTotal & { councilors: string[] })[];
  outside: number;
  noWard: number;
  chainSeed: string;
  previousPacketSha256: string | null;
}

/** Where the PDF's bytes go as they are made: a packet file being written. */
export interface PdfOut {
  push(data: Buffer): void;
  flush(): Promise<void>;
}

function findFontDir(): string {
  // The same code runs from app/delivery (tsx, tests) and from build/ (the
  // Remix bundle), so look upward for the fonts shipped in assets/.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "assets", "fonts");
    if (existsSync(path.join(candidate, "DejaVuSans.ttf"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("assets/fonts/DejaVuSans.ttf not found");
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  if (!fonts) {
    const dir = findFontDir();
    fonts = { regular: readFileSync(path.join(dir, "DejaVuSans.ttf")), bold: readFileSync(path.join(dir, "DejaVuSans-Bold.ttf")) };
  }
  return fonts;
}

/**
 * Table cells written straight into the page's content stream, one text
 * object a page. pdfkit's text() shapes every word with fontkit (about 40 µs
 * a word), caches each distinct word for the life of the document, and wraps
 * every call in a graphics state, a transform and a text object of its own:
 * fine for a cover page, but minutes and an ever-growing cache for a million
 * names. A table needs no kerning or ligatures, so cells are laid out a
 * character at a time from caches as small as the alphabet. Glyphs still
 * come from pdfkit's embedded font, so subsetting and the text layer (copy,
 * search, screen readers) work as for any other text.
 */
class RowText {
  private ops: string[] = [];
  private hexOf = new Map<string, string>();
  private widthOf = new Map<string, number>();
  private state = "";
  private font: {
    id: string;
    ascender: number;
    encode(text: string): [string[], unknown[]];
    widthOfString(text: string, size: number): number;
    ref(): unknown;
  };
  constructor(
    private doc: PDFKit.PDFDocument,
    fontName: string,
    private size: number,
  ) {
    doc.font(fontName);
    this.font = (doc as unknown as { _font: RowText["font"] })._font;
  }

  private hex(text: string) {
    let out = "";
    for (const ch of text) {
      let h = this.hexOf.get(ch);
      if (h === undefined) {
        h = this.font.encode(ch)[0].join("");
        this.hexOf.set(ch, h);
      }
      out += h;
    }
    return out;
  }

  width(text: string, size = this.size) {
    let w = 0;
    for (const ch of text) {
      let cw = this.widthOf.get(ch);
      if (cw === undefined) {
        cw = this.font.widthOfString(ch, 1);
        this.widthOf.set(ch, cw);
      }
      w += cw;
    }
    return w * size;
  }

  /** A cell whose top-left corner is (x, y) in pdfkit's top-down coordinates; `gray` 0 is black. */
  add(x: number, y: number, text: string, { size = this.size, gray = 0 } = {}) {
    if (!text) return;
    const state = `${gray} g /${this.font.id} ${size} Tf `;
    const baseline = PAGE.height - y - (this.font.ascender / 1000) * size;
    this.ops.push(`${state === this.state ? "" : state}1 0 0 1 ${x} ${baseline.toFixed(2)} Tm <${this.hex(text)}> Tj`);
    this.state = state;
  }

  endPage() {
    if (this.ops.length === 0) return;
    const page = (this.doc as unknown as { page: { fonts: Record<string, unknown> } }).page;
    page.fonts[this.font.id] ??= this.font.ref();
    // pdfkit's pages draw top-down; text needs the PDF's own bottom-up space.
    this.doc.addContent(`q 1 0 0 -1 0 ${PAGE.height} cm BT\n${this.ops.join("\n")}\nET Q`);
    this.ops = [];
    this.state = "";
  }
}

/**
 * pdfkit keeps every page's dictionary (and through it the page's resources)
 * until the end, to list the pages; the list needs only each page's object
 * number. Dropping the rest keeps a million-row packet from holding 20,000
 * pages' worth of objects.
 */
function forgetWrittenPage(doc: PDFKit.PDFDocument) {
  const kids = (doc as unknown as { _root: { data: { Pages: { data: { Kids: { data: unknown }[] } } } } })._root.data.Pages.data.Kids;
  kids[kids.length - 1].data = null;
}

const PAGE = { width: 612, height: 792, margin: 50 };
const ROW_HEIGHT = 14;
const TABLE_TOP = PAGE.margin + 52;
const FOOTER_Y = PAGE.height - 38;
const ROWS_PER_PAGE = Math.floor((FOOTER_Y - 12 - TABLE_TOP) / ROW_HEIGHT);
const COLUMNS = { number: 50, name: 100, ward: 345, verified: 480, end: 562 };

function pdfTablePages(count: number) {
  return Math.max(1, Math.ceil(count / ROWS_PER_PAGE));
}

/** The text, cut with an ellipsis where it would overflow `width`. */
function fit(text: string, width: number, measure: (s: string) => number): string {
  // Measuring costs; short strings always fit the columns.
  if (text.length < 28 || measure(text) <= width) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join("") + "…") <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join("") + "…";
}

export async function renderPacketPdf({
  source,
  manifest,
  rows,
  out,
  t,
  locale,
}: {
  source: PacketSource;
  manifest: PacketManifest;
  rows: AsyncGenerator<PacketRow[]>;
  out: PdfOut;
  t: T;
  locale: Locale;
}) {
  const s = source.statement;
  const doc = new PDFDocument({
    size: "LETTER",
    margin: PAGE.margin,
    autoFirstPage: false,
    // Buffered so the cover's pages can get their footers once the page
    // count is known; table pages are flushed as they are finished.
    bufferPages: true,
    compress: true,
    lang: locale === "es" ? "es-US" : "en-US",
    displayTitle: true,
    info: {
      Title: `${s.title} — ${t("packet.heading")}`,
      Author: "Undersigned",
      Subject: manifest.packetSha256,
      CreationDate: source.deliveredAt,
      ModDate: source.deliveredAt,
    },
  });
  doc.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  const f = loadFonts();
  doc.registerFont("regular", f.regular);
  doc.registerFont("bold", f.bold);
  doc.addPage();

  const width = PAGE.width - 2 * PAGE.margin;
  const heading = (text: string, size = 13) => {
    doc.moveDown(0.6).font("bold").fontSize(size).fillColor("#000").text(text, { width });
    doc.moveDown(0.2).font("regular").fontSize(10);
  };
  const para = (text: string, size = 10) => doc.font("regular").fontSize(size).fillColor("#000").text(text, { width, paragraphGap: 4 });
  const label = (name: string, value: string, mono = false) => {
    doc.font("bold").fontSize(9).text(`${name}: `, { continued: true, width });
    doc.font("regular").fontSize(mono ? 8 : 9).text(value, { width });
  };

  // Cover
  doc.font("bold").fontSize(18).text(s.title, { width });
  doc.moveDown(0.3).font("regular").fontSize(11).fillColor("#333").text(t("packet.heading"), { width });
  if (source.sequence > 1) doc.text(t("packet.supplement", { sequence: source.sequence }), { width });
  doc.fillColor("#000").moveDown(0.6);
  label(t("packet.jurisdiction"), s.jurisdiction);
  label(t("packet.deliveredAt"), `${source.deliveredAt.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC")}`);
  label(t("packet.totals"), formatNumber(locale, source.count));
  label(t("packet.versionHash"), s.versionHash, true);
  label(t("packet.integrity"), manifest.packetSha256, true);

  heading(t("packet.byWard"));
  const wardRow = (a: string, b: string, c: string, bold = false) => {
    if (doc.y + ROW_HEIGHT > FOOTER_Y - 20) doc.addPage();
    const y = doc.y;
    doc.font(bold ? "bold" : "regular").fontSize(9);
    const measure = (text: string) => doc.widthOfString(text);
    doc.text(fit(a, 170, measure), PAGE.margin, y, { lineBreak: false });
    doc.text(fit(b, 230, measure), PAGE.margin + 180, y, { lineBreak: false });
    doc.text(c, PAGE.margin + 420, y, { lineBreak: false });
    doc.x = PAGE.margin;
    doc.y = y + ROW_HEIGHT;
  };
  wardRow(t("packet.ward"), t("packet.councilor"), t("packet.signers"), true);
  for (const w of source.wards) wardRow(w.ward, w.councilors.join(", "), formatNumber(locale, w.count));
  wardRow(t("packet.outside", { jurisdiction: s.jurisdiction }), "", formatNumber(locale, source.outside));
  if (source.noWard > 0) wardRow(t("packet.wardNotGiven"), "", formatNumber(locale, source.noWard));

  heading(t("packet.text"));
  para(s.summary);
  s.preamble.filter(Boolean).forEach((p) => para(`${t("packet.whereas")}: ${p}`));
  heading(t("packet.callToResidents"), 11);
  para(s.callToResidents);
  heading(t("packet.askOfOfficials"), 11);
  para(s.askOfOfficials);
  heading(t("packet.pledge"), 11);
  para(s.pledge);
  doc.moveDown(0.8);
  para(t("packet.howToVerify"), 8.5);

  const { count: coverPages } = doc.bufferedPageRange();
  const pages = coverPages + pdfTablePages(source.count);
  const cells = new RowText(doc, "regular", 9);
  const footer = (page: number) => {
    doc.font("regular").fontSize(7).fillColor("#444");
    doc.text(`${t("packet.integrity")}: ${manifest.packetSha256}`, PAGE.margin, FOOTER_Y, { lineBreak: false });
    doc.fillColor("#000");
    // Through the table's writer: pdfkit would cache every page number as a word.
    const pageLabel = t("packet.page", { page, pages });
    cells.add(PAGE.width - PAGE.margin - cells.width(pageLabel, 7), FOOTER_Y, pageLabel, { size: 7, gray: 0.27 });
  };
  for (let i = 0; i < coverPages; i++) {
    doc.switchToPage(i);
    footer(i + 1);
    cells.endPage();
  }
  doc.flushPages();

  // The signatures, a table page at a time.
  doc.font("bold").fontSize(10);
  const title = fit(s.title, width, (text) => doc.widthOfString(text));
  let page = coverPages;
  let onPage = ROWS_PER_PAGE;
  const startPage = () => {
    if (page > coverPages) {
      cells.endPage();
      doc.flushPages();
      forgetWrittenPage(doc);
    }
    doc.addPage();
    page++;
    onPage = 0;
    doc.font("bold").fontSize(10).text(title, PAGE.margin, PAGE.margin, { lineBreak: false });
    doc.font("regular").fontSize(8).fillColor("#444").text(t("packet.signatures"), PAGE.margin, PAGE.margin + 14, { lineBreak: false });
    doc.fillColor("#000").font("bold").fontSize(9);
    const y = TABLE_TOP - ROW_HEIGHT - 2;
    doc.text(t("packet.col.number"), COLUMNS.number, y, { lineBreak: false });
    doc.text(t("packet.col.name"), COLUMNS.name, y, { lineBreak: false });
    doc.text(t("packet.col.ward"), COLUMNS.ward, y, { lineBreak: false });
    doc.text(t("packet.col.verified"), COLUMNS.verified, y, { lineBreak: false });
    doc.moveTo(PAGE.margin, TABLE_TOP - 4).lineTo(COLUMNS.end, TABLE_TOP - 4).lineWidth(0.5).stroke();
    footer(page);
  };
  const outsideShort = t("packet.outsideShort");
  const withheld = t("packet.nameWithheld");
  const nameOf = (row: PacketRow) => (WHO_SEES_WHAT[row.display].officials === "withheld" ? withheld : officialDisplayName(row.name, row.display));
  const measure = (text: string) => cells.width(text);
  for await (const batch of rows) {
    for (const row of batch) {
      if (onPage === ROWS_PER_PAGE) startPage();
      const y = TABLE_TOP + onPage * ROW_HEIGHT;
      cells.add(COLUMNS.number, y, String(row.position));
      cells.add(COLUMNS.name, y, fit(nameOf(row), COLUMNS.ward - COLUMNS.name - 8, measure));
      cells.add(COLUMNS.ward, y, fit(row.outsideJurisdiction ? outsideShort : (row.ward ?? ""), COLUMNS.verified - COLUMNS.ward - 8, measure));
      cells.add(COLUMNS.verified, y, row.verifiedAt.toISOString().slice(0, 10));
      onPage++;
    }
    await out.flush();
  }
  if (source.count === 0) {
    startPage();
    cells.add(COLUMNS.name, TABLE_TOP, t("packet.noSignatures"));
  }
  cells.endPage();
  doc.end();
  await ended;
}
