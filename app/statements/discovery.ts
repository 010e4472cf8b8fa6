// How the home page finds open statements. Client-safe: the sort list and
// the search's links live here; reading a search from a URL is in
// discovery-query.server.ts, the queries in discovery.server.ts.

export const DISCOVERY_SORTS = ["signed", "newest", "closing"] as const;
export type DiscoverySort = (typeof DISCOVERY_SORTS)[number];
export const SEARCH_MAX = 100;

/** A home page search, as read from its URL (discovery-query.server.ts reads it). */
export interface Discovery {
  sort: DiscoverySort;
  q: string;
  jurisdiction?: string;
}

/** The home page URL for a search, leaving defaults out so links stay short. */
export function discoveryHref({ sort, q, jurisdiction }: Partial<Discovery>): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (jurisdiction) params.set("jurisdiction", jurisdiction);
  if (sort && sort !== "signed") params.set("sort", sort);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}
