import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "How Undersigned works" }];

// Static on purpose: it is also the benchmark's baseline for a minimal Remix page.
export default function About() {
  return (
    <article className="panel">
      <h1>How Undersigned works</h1>
      <h2>For residents</h2>
      <p>
        Read a statement, add your name, and confirm with the link we email you. Your signature counts only once you
        confirm, so nobody can sign for you. You choose how your name is shown: in full, as your first name and last
        initial, or not at all. Private signatures are counted and delivered to the officials by name, and never shown
        publicly. Your email address is never shown to anyone, not even the organizers.
      </p>
      <h2>For organizers</h2>
      <p>
        Sign in with your email address, start from a civic template, choose the officials your statement goes to, and
        publish. Once published, the text is locked and fingerprinted, so every signer signs the same words.
      </p>
      <h2>For officials</h2>
      <p>
        You receive the statement as a signature packet: a PDF and a spreadsheet of signatures with counts by ward,
        and a manifest of fingerprints that lets anyone check that nothing was added or removed. You can acknowledge
        receipt and answer publicly; signers who asked will hear your answer.
      </p>
    </article>
  );
}
