/** Plain HTTP requests as a browser without JavaScript makes them. */

export type Fields = Record<string, string | number | boolean | (string | number)[] | undefined>;
/** Fields in order, a name as often as wanted (as hostile clients send them). */
export type Entries = [string, string][];

/** The fields as entries, in order: `true` is "yes", `false` and undefined are left out. */
export function entriesOf(fields: Fields | Entries): Entries {
  if (Array.isArray(fields)) return fields;
  const entries: Entries = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === false) continue;
    if (value === true) entries.push([name, "yes"]);
    else if (Array.isArray(value)) value.forEach((v) => entries.push([name, String(v)]));
    else entries.push([name, String(value)]);
  }
  return entries;
}

export function encode(fields: Fields | Entries): URLSearchParams {
  return new URLSearchParams(entriesOf(fields));
}

/** How a request reaches the app: over HTTP (fetch), or in process (support/in-process.ts). */
export type Send = (url: string, init: RequestInit) => Promise<Response>;

export interface PostOptions {
  cookie?: string;
  /** Extra request headers (they win over the form's content type). */
  headers?: Record<string, string>;
  /** Send as multipart/form-data rather than urlencoded. */
  multipart?: boolean;
  send?: Send;
}

export async function getPage(url: string, cookie?: string, send: Send = fetch) {
  const res = await send(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  return { res, status: res.status, location: res.headers.get("location"), html: await res.text() };
}

/**
 * A form post, redirects not followed. `form` is fields, entries, or a body
 * already encoded (sent as is); a string `options` is the cookie.
 */
export async function postForm(url: string, form: Fields | Entries | string, options: string | PostOptions = {}) {
  const { cookie, headers = {}, multipart = false, send = fetch } = typeof options === "string" ? { cookie: options } : options;
  let body: BodyInit;
  const sent: Record<string, string> = cookie ? { cookie } : {};
  if (typeof form === "string") body = form;
  else if (multipart) {
    const data = new FormData();
    for (const [name, value] of entriesOf(form)) data.append(name, value);
    body = data;
  } else body = encode(form);
  // fetch sets a multipart body's own content type, with its boundary.
  if (!multipart) sent["content-type"] = "application/x-www-form-urlencoded";
  const res = await send(url, { method: "POST", redirect: "manual", headers: { ...sent, ...headers }, body });
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
