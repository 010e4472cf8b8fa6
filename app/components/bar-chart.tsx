import { useId } from "react";
import { ScrollTable } from "~/components/table-scroll";

export interface Bar {
  /** Shown in the table and as the bar's tooltip. */
  label: string;
  value: number;
}

const WIDTH = 600;
const HEIGHT = 160;
const GAP = 0.2;

/**
 * A bar chart drawn on the server as SVG: no script, readable by screen
 * readers through its title and description, and backed by the same numbers
 * as a table. Axis labels are HTML so they stay legible on a phone, where
 * the SVG scales down.
 */
export function BarChart({
  bars,
  title,
  description,
  tableSummary,
  labelHeader,
  valueHeader,
  formatValue = String,
}: {
  bars: Bar[];
  title: string;
  description: string;
  tableSummary: string;
  labelHeader: string;
  valueHeader: string;
  formatValue?: (n: number) => string;
}) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = WIDTH / Math.max(1, bars.length);
  const barWidth = slot * (1 - GAP);
  return (
    <figure className="bar-chart">
      <div className="bar-chart-plot">
        <span className="bar-chart-max" aria-hidden="true">
          {formatValue(max)}
        </span>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          focusable="false"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <line x1="0" y1={HEIGHT / 2} x2={WIDTH} y2={HEIGHT / 2} className="bar-chart-grid" vectorEffect="non-scaling-stroke" />
          <line x1="0" y1="0.5" x2={WIDTH} y2="0.5" className="bar-chart-grid" vectorEffect="non-scaling-stroke" />
          {bars.map((b, i) => {
            const h = (b.value / max) * HEIGHT;
            return (
              <rect key={b.label} x={i * slot + (slot - barWidth) / 2} y={HEIGHT - h} width={barWidth} height={h} className="bar-chart-bar">
                <title>{`${b.label}: ${formatValue(b.value)}`}</title>
              </rect>
            );
          })}
          <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="bar-chart-axis" vectorEffect="non-scaling-stroke" />
        </svg>
      </div>
      {bars.length ? (
        <div className="bar-chart-labels" aria-hidden="true">
          <span>{bars[0].label}</span>
          {bars.length > 1 ? <span>{bars[bars.length - 1].label}</span> : null}
        </div>
      ) : null}
      <details className="bar-chart-table">
        <summary>{tableSummary}</summary>
        <ScrollTable label={title} caption={title} columns={[{ label: labelHeader }, { label: valueHeader, className: "num" }]}>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td className="num">{formatValue(b.value)}</td>
            </tr>
          ))}
        </ScrollTable>
      </details>
    </figure>
  );
}
