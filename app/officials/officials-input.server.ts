// What the officials directory forms accept, read by zod: server-only, so the
// browser never loads zod for them.
import { z } from "zod";
import { emailAddressSchema } from "~/mail/email-address";
import { isId } from "~/utils/ids";
import { OFFICES } from "../../db/states";

const noControl = (v: string) => !/[\u0000-\u001f\u007f]/.test(v);

export const officialSchema = z
  .object({
    name: z.string().trim().min(1, "official.error.nameRequired").max(200, "official.error.nameTooLong").refine(noControl, "official.error.nameCharacters"),
    office: z.enum(OFFICES, { message: "official.error.office" }),
    wardId: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d+$/.test(v) && isId(Number(v))), "official.error.ward")
      .transform((v) => (v ? Number(v) : null)),
    email: emailAddressSchema({ required: "official.error.emailRequired" }),
  })
  .superRefine((o, ctx) => {
    if (o.office === "ward_councilor" && o.wardId === null)
      ctx.addIssue({ code: "custom", path: ["wardId"], message: "official.error.wardRequired" });
    if (o.office !== "ward_councilor" && o.wardId !== null)
      ctx.addIssue({ code: "custom", path: ["wardId"], message: "official.error.wardNotAllowed" });
  });
export type OfficialInput = z.output<typeof officialSchema>;

export const jurisdictionSchema = z.object({
  name: z.string().trim().min(1, "jurisdiction.error.nameRequired").max(200, "official.error.nameTooLong").refine(noControl, "official.error.nameCharacters"),
  wards: z
    .string()
    .max(10_000)
    .transform((v) => [...new Set(v.split(/\r?\n/).map((w) => w.trim()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().max(100, "jurisdiction.error.wardTooLong").refine(noControl, "jurisdiction.error.wardCharacters"))
        .max(100, "jurisdiction.error.tooManyWards"),
    ),
});
