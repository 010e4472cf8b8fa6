import { useT } from "~/i18n/use-t";
import { AUDIENCES, WHO_SEES_WHAT } from "~/signing/who-sees-what";
import { DISPLAY_CHOICES } from "../../db/states";
import { TableScroll } from "./table-scroll";

/**
 * Who sees a signer's name, for each display choice, in plain words: beside
 * the sign form and on /privacy, both from WHO_SEES_WHAT (the rule the
 * pages, exports and packets follow), so they cannot say different things.
 */
export function WhoSeesWhat({ heading: Heading = "h3", privacyLink = true }: { heading?: "h2" | "h3"; privacyLink?: boolean }) {
  const t = useT();
  return (
    <section className="who-sees-what" aria-labelledby="who-sees-what-heading">
      <Heading id="who-sees-what-heading">{t("who.heading")}</Heading>
      <TableScroll label={t("who.heading")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("who.choice")}</th>
              {AUDIENCES.map((audience) => (
                <th scope="col" key={audience}>
                  {t(`who.audience.${audience}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DISPLAY_CHOICES.map((choice) => (
              <tr key={choice} data-display={choice}>
                <th scope="row">{t(`who.choice.${choice}`)}</th>
                {AUDIENCES.map((audience) => (
                  <td key={audience} data-audience={audience}>
                    {t(`who.shown.${WHO_SEES_WHAT[choice][audience]}`)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="small">{t("who.alsoSeen")}</p>
      <p className="small">{t("who.publicRecord")}</p>
      {privacyLink ? (
        <p className="small">
          <a href="/privacy">{t("who.privacyLink")}</a>
        </p>
      ) : null}
    </section>
  );
}
