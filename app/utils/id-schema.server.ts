// Server-only: zod stays out of the browser (actions and domain code parse forms).
import { z } from "zod";
import { isId } from "./ids";

/** A row id from a form field, with one message for every way it can be wrong. */
export function idSchema(message = "Choose one from the list") {
  return z.coerce.number({ message }).refine(isId, message);
}
