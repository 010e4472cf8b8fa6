import { describe, expect, it } from "vitest";
import { formText, handlerFor } from "./intents.server";

const form = (fields: Record<string, string | Blob>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
const intents = { save: "save handler", copy: "copy handler" };

describe("handlerFor", () => {
  it("picks the handler the form's intent names", () => {
    expect(handlerFor(form({ intent: "copy" }), intents)).toBe("copy handler");
  });

  it("falls back when the form names none, as when Enter submits it", () => {
    expect(handlerFor(form({}), intents, { fallback: "save" })).toBe("save handler");
  });

  it.each<Record<string, string | Blob>>([{ intent: "nope" }, { intent: "" }, { intent: new Blob(["save"]) }, { intent: "toString" }, {}])("answers 400 to %j", (fields) => {
    let thrown: unknown;
    try {
      handlerFor(form(fields), intents);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });

  it("lets the page answer an unknown intent its own way", () => {
    const refuse = (): never => {
      throw new Response("Not found", { status: 404 });
    };
    expect(() => handlerFor(form({ intent: "nope" }), intents, { refuse })).toThrow(Response);
  });
});

describe("formText", () => {
  it("reads a text field, and a file or a missing field as empty", () => {
    const f = form({ name: "Sam", file: new Blob(["x"]) });
    expect(formText(f, "name")).toBe("Sam");
    expect(formText(f, "file")).toBe("");
    expect(formText(f, "missing")).toBe("");
  });
});
