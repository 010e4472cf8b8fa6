import { z } from "zod";
import { DISCOVERY_SORTS, SEARCH_MAX, type Discovery } from "./discovery";

/** Anything in a hand-edited or stale URL falls back to a default, never to an error page. */
const discoverySchema = z.object({
  sort: z.enum(DISCOVERY_SORTS).catch("signed"),
  q: z
    .string()
    .catch("")
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, SEARCH_MAX)),
  jurisdiction: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
});

export function readDiscovery(params: URLSearchParams): Discovery {
  return discoverySchema.parse({
    sort: params.get("sort") ?? undefined,
    q: params.get("q") ?? "",
    jurisdiction: params.get("jurisdiction") || undefined,
  });
}
