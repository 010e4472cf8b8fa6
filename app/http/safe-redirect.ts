/**
 * Only local paths, so a sign-in link or the language switcher can never
 * send someone elsewhere. The value is resolved the way a browser would
 * (dot segments, percent-encoded dots, tabs and line breaks dropped) and must
 * stay on this origin; and the path it resolves to must not itself read as
 * another origin: "/.//evil.example" resolves to the path "//evil.example",
 * which a browser given it as a Location opens as https://evil.example.
 */
export function safeRedirect(to: unknown, fallback = "/organize"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const base = "http://x.invalid";
  let resolved: URL;
  try {
    resolved = new URL(to, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  const local = resolved.pathname + resolved.search + resolved.hash;
  if (!local.startsWith("/") || local.startsWith("//")) return fallback;
  return local;
}
