import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { errorId, FieldError } from "~/components/form";
import { metaTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { webDigest } from "~/delivery/merkle";
import { publicManifestPath } from "~/delivery/receipt";
import { checkPacketFiles, checkReceiptText, type PacketCheck, type ReceiptCheck } from "~/delivery/verify-checks";
import { nodeDigest } from "~/delivery/packet-hash.server";
import { findPublicManifest } from "~/delivery/receipts.server";
import type { PacketManifest } from "~/delivery/manifest";

export const meta: MetaFunction = ({ matches }) => [metaTitle(matches, "check.title")];

type Outcome = ReceiptCheck | PacketCheck;
type ActionData = { outcome?: Outcome; receipt?: string; missing?: ("manifest" | "csv")[] };

const serverManifest = (slug: string, sequence: number) => findPublicManifest({ slug, sequence }) as Promise<PacketManifest | null>;

// A receipt given in the address (`?receipt=`) is checked here, for links
// shared without JavaScript; the emailed link carries it in the fragment,
// which never reaches a server, and the browser checks it.
export async function loader({ request }: LoaderFunctionArgs) {
  const receipt = new URL(request.url).searchParams.get("receipt");
  const outcome = receipt ? await checkReceiptText(receipt, serverManifest, nodeDigest) : undefined;
  return data({ outcome, receipt: receipt ?? "" } satisfies ActionData, { headers: { "Cache-Control": "no-store" } });
}

const bytesOf = async (value: FormDataEntryValue | null) =>
  value instanceof Blob && value.size > 0 ? new Uint8Array(await value.arrayBuffer()) : undefined;

/** Without JavaScript: the forms post here (multipart, within the server's body limit) and nothing is kept. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const headers = { "Cache-Control": "no-store" };
  if (form.get("intent") === "receipt") {
    const receipt = String(form.get("receipt") ?? "");
    return data({ outcome: await checkReceiptText(receipt, serverManifest, nodeDigest), receipt } satisfies ActionData, { headers });
  }
  const [manifest, csv, pdf] = await Promise.all(["manifest", "csv", "pdf"].map((f) => bytesOf(form.get(f))));
  if (!manifest || !csv) {
    const missing = (["manifest", "csv"] as const).filter((f) => !(f === "manifest" ? manifest : csv));
    return data({ missing } satisfies ActionData, { status: 400, headers });
  }
  return data({ outcome: await checkPacketFiles({ manifest, csv, pdf }, nodeDigest) } satisfies ActionData, { headers });
}

async function browserManifest(slug: string, sequence: number): Promise<PacketManifest | null> {
  const response = await fetch(publicManifestPath(slug, sequence));
  return response.ok ? ((await response.json()) as PacketManifest) : null;
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const t = useT();
  const problems =
    outcome.ok ? [] : outcome.kind === "receipt" ? [t(`check.receipt.${outcome.problem}`)] : outcome.problems.map((p) => t(`check.packet.${p.code}`, p as never));
  return (
    <div className={outcome.ok ? "notice" : "notice wait"} role="status" data-outcome={outcome.ok ? "valid" : "invalid"}>
      <h3>{t(outcome.ok ? "check.valid" : "check.invalid")}</h3>
      {outcome.ok && outcome.kind === "receipt" ? (
        <p>
          {t("check.receiptValid", { row: outcome.row, sequence: outcome.sequence, slug: outcome.slug })}{" "}
          <a href={outcome.manifestPath}>{t("check.manifestLink")}</a>
        </p>
      ) : null}
      {outcome.ok && outcome.kind === "packet" ? <p>{t("check.packetValid", { count: outcome.count, hash: outcome.hash })}</p> : null}
      {problems.length ? (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function Verify() {
  const t = useT();
  const loaded = useLoaderData() as ActionData;
  const posted = useActionData() as ActionData | undefined;
  const fromServer = posted ?? loaded;
  // Checks made in the browser replace the server's answer.
  const [local, setLocal] = useState<{ receipt?: Outcome; packet?: Outcome; busy?: "receipt" | "packet" }>({});
  const receiptBox = useRef<HTMLTextAreaElement>(null);

  const checkReceiptHere = async (text: string) => {
    setLocal((s) => ({ ...s, busy: "receipt" }));
    const outcome = await checkReceiptText(text, browserManifest, webDigest);
    setLocal((s) => ({ ...s, receipt: outcome, busy: undefined }));
  };

  useEffect(() => {
    const match = /^#receipt=(.+)$/.exec(window.location.hash);
    if (!match || !receiptBox.current) return;
    receiptBox.current.value = decodeURIComponent(match[1]);
    void checkReceiptHere(receiptBox.current.value);
  }, []);

  const onReceipt = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void checkReceiptHere(String(new FormData(e.currentTarget).get("receipt") ?? ""));
  };
  const onPacket = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const [manifest, csv, pdf] = await Promise.all(["manifest", "csv", "pdf"].map((f) => bytesOf(form.get(f))));
    if (!manifest || !csv) return;
    setLocal((s) => ({ ...s, busy: "packet" }));
    const outcome = await checkPacketFiles({ manifest, csv, pdf }, webDigest);
    setLocal((s) => ({ ...s, packet: outcome, busy: undefined }));
  };

  const receiptOutcome = local.receipt ?? (fromServer.outcome?.kind === "receipt" ? fromServer.outcome : undefined);
  const packetOutcome = local.packet ?? (fromServer.outcome?.kind === "packet" ? fromServer.outcome : undefined);
  const missing = (field: "manifest" | "csv") => fromServer.missing?.includes(field);

  return (
    <section className="panel narrow">
      <h1>{t("check.title")}</h1>
      <p>{t("check.intro")}</p>

      <h2>{t("check.receiptHeading")}</h2>
      <form method="post" encType="multipart/form-data" onSubmit={onReceipt}>
        <input type="hidden" name="intent" value="receipt" />
        <label htmlFor="receipt">{t("check.receiptLabel")}</label>
        <textarea id="receipt" name="receipt" ref={receiptBox} rows={4} required defaultValue={fromServer.receipt ?? ""} aria-describedby="receipt-hint" spellCheck={false} />
        <p id="receipt-hint" className="hint">
          {t("check.receiptHint")}
        </p>
        <button type="submit">{t("check.checkReceipt")}</button>
      </form>
      <div aria-live="polite" id="receipt-outcome">
        {local.busy === "receipt" ? <p>{t("check.checking")}</p> : receiptOutcome ? <OutcomeView outcome={receiptOutcome} /> : null}
      </div>

      <h2>{t("check.packetHeading")}</h2>
      <form method="post" encType="multipart/form-data" onSubmit={onPacket}>
        <input type="hidden" name="intent" value="packet" />
        {(["manifest", "csv", "pdf"] as const).map((field) => (
          <p key={field}>
            <label htmlFor={`file-${field}`}>{t(`check.${field}Label`)}</label>
            <input
              id={`file-${field}`}
              name={field}
              type="file"
              accept={field === "manifest" ? ".json,application/json" : field === "csv" ? ".csv,text/csv" : ".pdf,application/pdf"}
              required={field !== "pdf"}
              aria-invalid={field !== "pdf" && missing(field) ? true : undefined}
              aria-describedby={field !== "pdf" && missing(field) ? errorId(field) : undefined}
            />
            <FieldError name={field} error={field !== "pdf" && missing(field) ? t("check.required") : undefined} />
          </p>
        ))}
        <p className="hint">{t("check.packetHint")}</p>
        <button type="submit">{t("check.checkPacket")}</button>
      </form>
      <div aria-live="polite" id="packet-outcome">
        {local.busy === "packet" ? <p>{t("check.checking")}</p> : packetOutcome ? <OutcomeView outcome={packetOutcome} /> : null}
      </div>
    </section>
  );
}
