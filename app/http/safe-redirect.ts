/**
 * Only local paths, so a sign-in link can never send someone elsewhere.
 * Browsers drop tabs and line breaks from URLs, so "/\t/evil.example" would
 * become "//evil.example": resolve it the way a browser would and insist on
 * staying on this origin.
 */
export function safeRedirect(to: unknown, fallback = "/organize"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://local.invalid";
  let resolved: URL;
  try {
    resolved = new URL(to, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}
