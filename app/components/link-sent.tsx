import type { MessageKey } from "~/i18n/core";
import { useT } from "~/i18n/use-t";
import { PagePanel } from "./page-panel";

/**
 * "A link is on its way": the page after asking for an emailed link (to sign
 * in, to one's signatures). It says the same whatever the address was, so it
 * never tells whether the address is known.
 */
export function LinkSent({ words, minutes }: { words: { title: MessageKey; body: MessageKey; spam: MessageKey }; minutes: number }) {
  const t = useT();
  return (
    <PagePanel narrow live title={t(words.title)} intro={t(words.body, { minutes })}>
      <p className="muted">{t(words.spam)}</p>
    </PagePanel>
  );
}
