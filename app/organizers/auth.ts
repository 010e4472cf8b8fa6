// Sign-in lifetimes: client-safe, no zod (the login form's schema is in
// auth-input.server.ts, read by actions only).
export const LOGIN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_DAYS = 30;
