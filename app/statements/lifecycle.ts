import type { StatementState } from "../../db/states";

// Client-safe: what may happen to a statement at each point of its life, its
// deadline (whole days, in UTC) and its progress toward the goal.

/** Where a statement is in its life, for its organizers. */
export function isEditable(state: StatementState): boolean {
  return state === "draft" || state === "rejected";
}

export function canBeCopied(state: StatementState): boolean {
  return state === "closed" || state === "delivered";
}

/** The last moment of a deadline day (deadlines are whole days, in UTC). */
export function deadlineEnd(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const end = new Date(`${day}T23:59:59Z`);
  // Date quietly rolls 2027-02-30 over to March; a real date survives the round trip.
  if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== day) return null;
  return end;
}

/** A deadline as the date field shows it. */
export function deadlineDay(deadline: Date | string | null): string {
  if (!deadline) return "";
  return new Date(deadline).toISOString().slice(0, 10);
}

export function progressPercent(count: number, goal: number): number {
  if (goal <= 0) return 100;
  return Math.min(100, Math.floor((count / goal) * 100));
}
