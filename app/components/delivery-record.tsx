import { formatDate, translator, type Locale, type T } from "~/i18n/core";
import { useLocale } from "~/i18n/use-t";
import type { PacketHashes as Hashes } from "~/delivery/manifest";
import type { PublicDeliveryRecord } from "~/delivery/public-record.server";

function listOf(names: string[], and: string) {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}`;
}

/** The hashes anyone can check a packet against (the manifest lists them). */
export function PacketHashes({ hashes, t }: { hashes: Hashes; t: T }) {
  return (
    <dl className="hashes">
      <dt>{t("official.packetHash")}</dt>
      <dd className="hash">{hashes.packet}</dd>
      <dt>{t("official.csvHash")}</dt>
      <dd className="hash">{hashes.csv}</dd>
      <dt>{t("official.chainHead")}</dt>
      <dd className="hash">{hashes.chainHead}</dd>
      <dt>{t("official.versionHash")}</dt>
      <dd className="hash">{hashes.statementVersion}</dd>
    </dl>
  );
}

/**
 * The public record of a statement's deliveries: when and to whom, the
 * packet hashes, and each official's acknowledgement and response. Shows
 * nothing until the statement has been delivered. Give it the result of
 * `getPublicDeliveryRecord(statementId)`.
 */
export function DeliveryRecordView({ record, locale }: { record: PublicDeliveryRecord; locale: Locale }) {
  const t = translator(locale);
  if (record.deliveries.length === 0) return null;
  return (
    <section className="panel delivery-record" aria-labelledby="delivery-record-heading">
      <h2 id="delivery-record-heading">{t("record.heading")}</h2>
      {record.deliveries.map((d) => (
        <div key={d.sequence} className="delivery">
          <p>
            {t(d.sequence > 1 ? "record.supplement" : "record.delivered", {
              date: formatDate(locale, d.deliveredAt),
              officials: listOf(
                d.officials.map((o) => `${o.name} (${t(`office.${o.office}`)})`),
                t("record.and"),
              ),
            })}{" "}
            {t("record.count", { count: d.signatureCount })}
          </p>
          <details>
            <summary>{t("record.hashes")}</summary>
            <PacketHashes hashes={d.hashes} t={t} />
          </details>
          <ul className="card-list">
            {d.officials
              .filter((o) => o.acknowledgedAt || o.response)
              .map((o) => (
                <li key={o.name}>
                  {o.response ? (
                    <>
                      <h3>
                        {t("record.response", {
                          name: o.name,
                          office: t(`office.${o.office}`),
                          date: formatDate(locale, o.respondedAt!),
                        })}
                      </h3>
                      <blockquote className="response preserve-lines">{o.response}</blockquote>
                    </>
                  ) : (
                    <p>
                      <strong>{o.name}</strong> ({t(`office.${o.office}`)}): {t("record.acknowledged", { date: formatDate(locale, o.acknowledgedAt!) })}
                    </p>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The record in the reader's language (inside the Remix app). */
export function DeliveryRecord({ record }: { record: PublicDeliveryRecord }) {
  return <DeliveryRecordView record={record} locale={useLocale()} />;
}
