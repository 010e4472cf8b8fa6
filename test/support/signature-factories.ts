import { randomBytes, randomInt } from "node:crypto";
import { getDb } from "~/db.server";
import type { Locale } from "~/i18n/core";
import { OUTSIDE_WARD } from "../../app/signing/signatures";
import { signStatement } from "../../app/signing/sign.server";
import { verifySignature } from "../../app/signing/verify.server";
import type { DisplayChoice } from "../../db/states";

const unique = () => randomBytes(4).toString("hex");
/** A different documentation address each time, so factories never meet the per-address limit. */
const someIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** The newest link to `path` in the outbox for `email` (what the signer would click). */
export async function latestLink(email: string, kind: string, path: string): Promise<string> {
  const row = await getDb()
    .selectFrom("outbox")
    .select("text_body")
    .where("to_address", "=", email)
    .where("kind", "=", kind)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const link = (row.text_body.match(/https?:\/\/\S+/g) ?? []).find((l) => new URL(l).pathname === path);
  if (!link) throw new Error(`no ${path} link in the ${kind} email to ${email}`);
  return link;
}

export const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

export interface SignatureOptions {
  slug: string;
  name?: string;
  email?: string;
  /** A ward id, "outside", or "" (defaults to "outside", valid whether or not the statement asks). */
  ward?: string;
  display?: DisplayChoice;
  updates?: boolean;
  locale?: Locale;
  clientIp?: string;
}

/** A pending signature made the way a signer makes one; returns its verification token. */
export async function createPendingSignature({
  slug,
  name = `Signer ${unique()}`,
  email = `signer-${unique()}@example.org`,
  ward = OUTSIDE_WARD,
  display = "full",
  updates = false,
  locale = "en",
  clientIp = someIp(),
}: SignatureOptions) {
  const result = await signStatement({ slug, input: { name, email: email.toLowerCase(), ward, display, updates }, clientIp, locale });
  if (result.status !== "ok" || result.outcome !== "created") throw new Error(`could not sign ${slug}: ${JSON.stringify(result)}`);
  const token = tokenOf(await latestLink(email.toLowerCase(), "signature_verification", "/signatures/verify"));
  return { name, email: email.toLowerCase(), token };
}

/** A verified (counted) signature; returns its withdraw token too. */
export async function createVerifiedSignature(options: SignatureOptions) {
  const pending = await createPendingSignature(options);
  const verified = await verifySignature({ token: pending.token });
  if (verified.status !== "ok") throw new Error(`could not verify: ${verified.status}`);
  const withdrawToken = tokenOf(await latestLink(pending.email, "signature_confirmation", "/signatures/withdraw"));
  return { ...pending, withdrawToken };
}

/** `count` verified signatures, a few at a time. */
export async function createVerifiedSignatures(count: number, options: SignatureOptions) {
  const out: Awaited<ReturnType<typeof createVerifiedSignature>>[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i) }, () => createVerifiedSignature({ ...options, email: undefined }));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}
