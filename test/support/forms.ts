/** Plain HTTP requests as a browser without JavaScript makes them. */

export type Fields = Record<string, string | number | boolean | (string | number)[] | undefined>;

export function encode(fields: Fields): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === false) continue;
    if (value === true) body.append(name, "yes");
    else if (Array.isArray(value)) value.forEach((v) => body.append(name, String(v)));
    else body.append(name, String(value));
  }
  return body;
}

export async function getPage(url: string, cookie?: string) {
  const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  return { res, status: res.status, location: res.headers.get("location"), html: await res.text() };
}

export async function postForm(url: string, fields: Fields, cookie?: string) {
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: encode(fields),
  });
  return { res, status: res.status, location: res.headers.get("location"), html: await res.text() };
}

/** The message shown beside a field (the `<id>-error` element), if any. */
export function fieldError(html: string, id: string): string | undefined {
  return html.match(new RegExp(`id="${id}-error"[^>]*>([^<]*)<`))?.[1];
}

/** React escapes these in both text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
