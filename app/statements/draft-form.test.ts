import { describe, expect, it } from "vitest";
import { canonicalStatementText, placeName, localized, statementTextFor } from "./text";
import { deadlineEnd } from "./lifecycle";
import { draftErrors, draftValuesFromForm, PARAGRAPH_MAX, DRAFT_MESSAGE_VARS, NO_TRANSLATION, publishProblems, type DraftFormValues } from "./draft-form";
import { draftSchema } from "./draft-input.server";
import { translate } from "~/i18n/core";
import { findTemplate } from "./templates";

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function formValues(overrides: Partial<DraftFormValues> = {}): DraftFormValues {
  const c = findTemplate("hate-free-pledge").content("Testville");
  return {
    title: c.title,
    slug: "",
    summary: c.summary,
    preamble: c.preamble,
    callToResidents: c.callToResidents,
    askOfOfficials: c.askOfOfficials,
    pledge: c.pledge,
    goal: "250",
    deadline: "",
    askWard: true,
    deliveryTrigger: "manual",
    keepCollecting: false,
    jurisdictionId: "1",
    officialIds: ["1", "2"],
    ...NO_TRANSLATION,
    ...overrides,
  };
}

/** A message key as an English reader sees it. */
const en = (key: string | undefined) => key && translate("en", key, DRAFT_MESSAGE_VARS);

const errorsFor = (overrides: Partial<DraftFormValues>) => {
  const parsed = draftSchema.safeParse(formValues(overrides));
  return parsed.success ? {} : draftErrors(parsed.error.issues);
};

describe("the draft form", () => {
  it("reads every field from a posted form", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: "T", slug: "t", summary: "S", callToResidents: "C", askOfOfficials: "A", pledge: "P", goal: "9", deadline: "", deliveryTrigger: "goal", jurisdictionId: "3" }))
      form.append(k, v);
    form.append("preamble", "one");
    form.append("preamble", "");
    form.append("preamble", "three");
    form.append("officialIds", "4");
    form.append("officialIds", "5");
    form.append("askWard", "yes");
    const values = draftValuesFromForm(form);
    expect(values).toMatchObject({ preamble: ["one", "", "three"], officialIds: ["4", "5"], askWard: true, keepCollecting: false, deliveryTrigger: "goal" });
    const draft = draftSchema.parse(values);
    expect(draft.preamble).toEqual(["one", "three"]);
    expect(draft.officialIds).toEqual([4, 5]);
    expect(draft.goal).toBe(9);
  });

  it("accepts an incomplete draft", () => {
    expect(draftSchema.safeParse(formValues({ title: "", summary: "", preamble: [], officialIds: [] })).success).toBe(true);
  });

  it.each([
    [{ goal: "-5" }, "goal", "The goal must be at least 1"],
    [{ goal: "" }, "goal", "Enter a signature goal"],
    [{ goal: "12.5" }, "goal", "The goal must be a whole number"],
    [{ deadline: day(-1) }, "deadline", "The deadline must be in the future"],
    [{ deadline: "2027-02-30" }, "deadline", "Enter the deadline as a real date, like 2027-03-31"],
    [{ slug: "Not a slug!" }, "slug", "Use lower-case letters, numbers and single hyphens only"],
    [{ title: "x".repeat(161) }, "title", "Title must be at most 160 characters"],
  ])("refuses %o with a message for its field", (overrides, field, message) => {
    expect(en(errorsFor(overrides)[field])).toBe(message);
  });

  it("names the very reason that is too long", () => {
    const errors = errorsFor({ preamble: ["fine", "x".repeat(50_000)] });
    expect(en(errors["preamble-1"])).toBe(`Each reason must be at most ${PARAGRAPH_MAX.toLocaleString("en-US")} characters`);
    expect(errors["preamble-0"]).toBeUndefined();
  });
});

describe("publishProblems", () => {
  const draft = (overrides: Partial<DraftFormValues> = {}) => draftSchema.parse(formValues({ slug: "a-slug", ...overrides }));

  it("finds nothing missing in a complete statement", () => {
    expect(publishProblems(draft())).toEqual({});
  });

  it("names each missing part beside its field", () => {
    const problems = publishProblems(draft({ title: "", summary: "", preamble: [""], callToResidents: "", askOfOfficials: "", pledge: "", officialIds: [], slug: "" }));
    expect(Object.keys(problems).sort()).toEqual(["askOfOfficials", "callToResidents", "officialIds", "pledge", "preamble", "slug", "summary", "title"]);
  });

  it("refuses markup in the title", () => {
    expect(en(publishProblems(draft({ title: "<script>alert(1)</script>" })).title)).toBe("The title cannot contain HTML tags");
    expect(publishProblems(draft({ title: "Love > hate, and 3 < 4" })).title).toBeUndefined();
  });

  it("checks the deadline against the moment of publishing", () => {
    const d = draft({ deadline: day(2) });
    expect(publishProblems(d)).toEqual({});
    expect(en(publishProblems(d, new Date(Date.now() + 5 * 86_400_000)).deadline)).toBe("The deadline must be in the future");
    expect(en(publishProblems(draft({ deliveryTrigger: "deadline" })).deadline)).toBe("Set a deadline to deliver on");
  });
});

describe("helpers", () => {
  it.each([
    ["City of Millbrook (demo)", "Millbrook"],
    ["Town of Amherst", "Amherst"],
    ["Northampton", "Northampton"],
  ])("calls %j %j in templates", (name, place) => {
    expect(placeName(name)).toBe(place);
  });

  it("takes a deadline as the end of its day, and only real days", () => {
    expect(deadlineEnd("2027-03-31")?.toISOString()).toBe("2027-03-31T23:59:59.000Z");
    expect(deadlineEnd("2027-02-29")).toBeNull();
    expect(deadlineEnd("31/03/2027")).toBeNull();
  });
});

describe("the organizer's Spanish translation", () => {
  const original = { ...findTemplate("hate-free-pledge").content("Testville"), jurisdiction: "City of Testville" };
  const spanish = {
    title: "Testville es una comunidad libre de odio",
    summary: "Los residentes se comprometen a no participar en el odio.",
    preamble: ["Pintadas de odio atacaron a nuestros vecinos;", "La intolerancia da miedo;", "Los inmigrantes temen denunciar;", "Todos merecen dignidad;"],
    callToResidents: "Pedimos a cada residente que no participe en el odio.",
    askOfOfficials: "Pedimos al concejo que lo afirme.",
    pledge: "Me comprometo a no participar en el odio.",
  };
  const empty = { title: "", summary: "", preamble: [], callToResidents: "", askOfOfficials: "", pledge: "" };

  it("leaves the canonical text, and so the version hash, of an untranslated statement as it always was", () => {
    const before = [
      `Title: ${original.title}`,
      `Jurisdiction: ${original.jurisdiction}`,
      `Summary: ${original.summary}`,
      ...original.preamble.map((p, i) => `Whereas ${i + 1}: ${p}`),
      `Call to residents: ${original.callToResidents}`,
      `Ask of officials: ${original.askOfOfficials}`,
      `Pledge: ${original.pledge}`,
    ].join("\n");
    expect(canonicalStatementText(original)).toBe(before);
    expect(canonicalStatementText({ ...original, translation: null })).toBe(before);
    expect(canonicalStatementText({ ...original, translation: empty })).toBe(before);
  });

  it("puts a translation under the version hash, after the original, each line labelled (es)", () => {
    const text = canonicalStatementText({ ...original, translation: spanish });
    expect(text.startsWith(canonicalStatementText(original))).toBe(true);
    expect(text.split("\n").slice(-9)).toEqual([
      `Title (es): ${spanish.title}`,
      `Summary (es): ${spanish.summary}`,
      ...spanish.preamble.map((p, i) => `Whereas ${i + 1} (es): ${p}`),
      `Call to residents (es): ${spanish.callToResidents}`,
      `Ask of officials (es): ${spanish.askOfOfficials}`,
      `Pledge (es): ${spanish.pledge}`,
    ]);
  });

  it("keeps each reason's translation beside it when a reason is removed", () => {
    const draft = draftSchema.parse(formValues({ preamble: ["one", " ", "three"], preambleEs: ["uno", "dos", "tres"] }));
    expect(draft.preamble).toEqual(["one", "three"]);
    expect(draft.preambleEs).toEqual(["uno", "tres"]);
  });

  it("publishes a whole translation or none, never half of one", () => {
    const draft = (overrides: Partial<DraftFormValues>) => draftSchema.parse(formValues({ slug: "a-slug", ...overrides }));
    expect(publishProblems(draft({}))).toEqual({});
    const whole = {
      titleEs: spanish.title,
      summaryEs: spanish.summary,
      preambleEs: spanish.preamble,
      callToResidentsEs: spanish.callToResidents,
      askOfOfficialsEs: spanish.askOfOfficials,
      pledgeEs: spanish.pledge,
    };
    expect(publishProblems(draft(whole))).toEqual({});
    const half = publishProblems(draft({ ...whole, summaryEs: "", preambleEs: spanish.preamble.slice(0, 2) }));
    expect(half).toEqual({ summaryEs: "draft.error.translation.missing", preambleEs: "draft.error.translation.reasons" });
    expect(en(half.summaryEs)).toBe("Translate this too, or empty every Spanish box");
    expect(publishProblems(draft({ ...whole, titleEs: "<b>Hola</b>" })).titleEs).toBe("draft.error.title.html");
  });

  it("shows Spanish readers the translation, with the original when they ask, and everyone else the original", () => {
    const page = { ...original, translation: spanish };
    expect(statementTextFor(page, "es")).toMatchObject({ content: spanish, lang: "es", translated: true, translatable: true });
    expect(statementTextFor(page, "es", { original: true })).toMatchObject({ content: { title: original.title }, lang: "en", translated: false, translatable: true });
    expect(statementTextFor(page, "en")).toMatchObject({ content: { title: original.title }, lang: "en", translated: false, translatable: false });
    expect(statementTextFor({ ...original, translation: null }, "es")).toMatchObject({ content: { title: original.title }, translatable: false });
    expect(localized("es", "Title", "Título")).toBe("Título");
    expect(localized("es", "Title", "")).toBe("Title");
    expect(localized("en", "Title", "Título")).toBe("Title");
  });
});
