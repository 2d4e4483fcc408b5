import type { FC } from 'hono/jsx';

export interface GpuBar {
  readonly label: string;
  /** `null`: no cap of its own; the bar is then drawn against the enterprise's total. */
  readonly limit: number | null;
  readonly reserved: number;
}

const ROW = 34;
const LABEL = 120;
const WIDTH = 560;
const VALUE = 110;

/**
 * GPUs reserved against limits, one bar per GPU type, as inline SVG (no script, nothing for the
 * CSP to allow). The figure has a text alternative, and the same numbers are in the table beside it.
 */
export const GpuChart: FC<{ bars: readonly GpuBar[]; scale: number }> = ({ bars, scale }) => {
  const span = WIDTH - LABEL - VALUE;
  const max = Math.max(1, scale, ...bars.map((b) => b.limit ?? 0), ...bars.map((b) => b.reserved));
  const height = bars.length * ROW + 8;
  const summary = bars
    .map((b) => `${b.label}: ${b.reserved} of ${b.limit ?? scale} GPUs reserved`)
    .join('; ');
  return (
    <svg
      class="chart"
      role="img"
      aria-label={summary}
      width={WIDTH}
      height={height}
      viewBox={`0 0 ${WIDTH} ${height}`}
    >
      {bars.map((b, i) => {
        const y = i * ROW + 4;
        const limit = b.limit ?? scale;
        return (
          <g>
            <text x={0} y={y + 18}>
              {b.label}
            </text>
            <rect class="limit" x={LABEL} y={y} width={(span * limit) / max} height={24} rx={3} />
            <rect
              class="reserved"
              x={LABEL}
              y={y}
              width={(span * b.reserved) / max}
              height={24}
              rx={3}
            />
            <text x={WIDTH - VALUE + 8} y={y + 18}>
              {`${b.reserved} / ${limit}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
