import type { StatementContent } from "./text";

export const TEMPLATE_IDS = ["hate-free-pledge", "welcoming-city", "blank"] as const;

/** Each template's name and description are in the organizer catalog, as `template.<id>.name` and `.description`. */
export interface StatementTemplate {
  id: (typeof TEMPLATE_IDS)[number];
  content: (place: string) => StatementContent;
}

// Modeled on a city council's call on residents not to take part in hate
// (Northampton, Massachusetts, 2016), written so any community can adapt it.
export const TEMPLATES: StatementTemplate[] = [
  {
    id: "hate-free-pledge",
    content: (place) => ({
      title: `${place} is a hate-free community`,
      summary: `Residents of ${place} pledge not to take part in hate and to stop discrimination when they see it, and ask our officials to affirm ${place} as a hate-free community where everyone is safe.`,
      preamble: [
        `Hateful graffiti and acts of intimidation have recently targeted our neighbours in ${place};`,
        "Bigotry makes people afraid to go about their lives, and young people tell us they feel unheard and unsafe;",
        "Immigrant residents who fear exposure may be afraid to report crime, which erodes the trust that keeps all of us safe;",
        `The people of ${place} believe that every resident deserves dignity, safety and equal treatment under the law;`,
      ],
      callToResidents: `We call on every resident of ${place} not to participate in hate in any form, and to stop any discrimination we see: to speak up, to support the person targeted, and to report hate crimes.`,
      askOfOfficials: `We ask the Mayor and the City Council to affirm ${place} as a hate-free community, to uphold its anti-discrimination commitments, and to keep building trust between the police and our immigrant communities so that every resident can report crime without fear.`,
      pledge: "I pledge not to take part in hate, and to stand up against discrimination whenever I see it.",
    }),
  },
  {
    id: "welcoming-city",
    content: (place) => ({
      title: `Keep ${place} a welcoming city for immigrants and refugees`,
      summary: `A letter from residents of ${place} asking our officials to keep protecting immigrant and refugee neighbours.`,
      preamble: [
        `Immigrants and refugees are our neighbours, co-workers, classmates and friends, and part of what makes ${place} strong;`,
        "Fear of deportation keeps families from reporting crime, seeking medical care and sending children to school;",
        "Local policing works best when every resident can trust the police;",
      ],
      callToResidents: `We call on residents of ${place} to welcome immigrant and refugee neighbours and to stand with them when they are threatened.`,
      askOfOfficials: `We ask the Mayor and the City Council to keep the policies that protect immigrant and refugee residents, to keep local police out of federal immigration enforcement except where the law requires, and to make city services available to every resident without fear.`,
      pledge: `I support protecting immigrant and refugee neighbours in ${place}, and I will help make them welcome.`,
    }),
  },
  {
    id: "blank",
    content: () => ({ title: "", summary: "", preamble: [""], callToResidents: "", askOfOfficials: "", pledge: "" }),
  },
];

export function findTemplate(id: string | null | undefined): StatementTemplate {
  return TEMPLATES.find((t) => t.id === id) ?? TEMPLATES[TEMPLATES.length - 1];
}
