// Pages whose forms do several things post an `intent` field to one URL;
// the action reads it and hands the request to that intent's handler.
import { z } from "zod";

/** The form's value of a field, or "" (a file or a missing field reads as empty). */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

/**
 * Picks the handler for the form's `intent` (or `fallback` when the form
 * has none, as when Enter submits it). An intent nobody handles is a 400,
 * unless the page answers otherwise (`refuse`).
 */
export function handlerFor<Intent extends string, Handler>(
  form: FormData,
  intents: Record<Intent, Handler>,
  { fallback, refuse = unknownIntent }: { fallback?: NoInfer<Intent>; refuse?: () => never } = {},
): Handler {
  const names = Object.keys(intents) as [Intent, ...Intent[]];
  const parsed = z.enum(names).safeParse(form.get("intent") ?? fallback);
  if (!parsed.success) return refuse();
  return intents[parsed.data];
}

function unknownIntent(): never {
  throw new Response("Unknown action", { status: 400 });
}
