declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (from X-Forwarded-For only when TRUST_PROXY is set: the entry our proxies vouch for). */
    clientIp: string;
    /** Nonce for the inline scripts Remix renders; the CSP allows only it. */
    cspNonce: string;
    /** Set when handling the request failed because the database could not be reached (answered 503). */
    databaseUnavailable?: boolean;
  }
}
export {};
