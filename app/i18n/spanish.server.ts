// The pages' Spanish messages for the server, loaded with it. In the browser
// this `.server` module is empty (SPANISH_UI is undefined there), and core.ts
// loads the same messages on demand for Spanish readers only.
export { SPANISH_UI } from "./messages/es";
