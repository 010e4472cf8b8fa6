/**
 * How a signer who chose "initials" is shown: first name and last initial.
 * The public page (publicName) and the officials' packet (officialDisplayName)
 * each apply the rule; both are tested against these cases so they agree.
 */
export const INITIALS_CASES: readonly (readonly [name: string, shown: string])[] = [
  ["Maria Garcia", "Maria G."],
  ["María José de la Óliva", "María Ó."],
  ["Nguyễn Thị lan", "Nguyễn L."],
  ["  Nguyễn  Thị lan ", "Nguyễn L."],
  ["Cher", "Cher"],
];
