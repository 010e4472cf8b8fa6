import { progressPercent } from "~/statements/lifecycle";

/** How far `count` is towards `goal`, drawn as a bar; the words beside it say the numbers. */
export function ProgressBar({ count, goal }: { count: number; goal: number }) {
  return (
    <div className="progress" aria-hidden="true">
      <div className="progress-bar">
        <span style={{ width: `${progressPercent(count, goal)}%` }} />
      </div>
    </div>
  );
}
