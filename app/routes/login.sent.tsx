import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Check your email — Undersigned" }];

export default function LoginSent() {
  return (
    <section className="panel narrow" aria-live="polite">
      <h1>Check your email</h1>
      <p>
        If that address can receive mail, a sign-in link is on its way. It works once and expires in 15 minutes.
      </p>
      <p className="muted">Nothing arrived after a few minutes? Check your spam folder, or ask for a new link.</p>
    </section>
  );
}
