// A horizontal bar chart drawn on the server as SVG (no chart library, no script): role="img" with
// its title and description, and the same numbers as a table a click away. Right to left pages
// get the mirror image (labels on the right, bars growing to the left).
import { useTranslation } from "react-i18next";
import { niceMax } from "~/domain/actions";

export type BarChartRow = { key: string; label: string; value: number; color?: string };

const WIDTH = 640;
const LABEL_WIDTH = 230;
const VALUE_SPACE = 90;
const ROW = 30;
const BAR = 18;
const TOP = 8;
const LABEL_CHARS = 30;

const short = (label: string) =>
  label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;

export function BarChart({
  id,
  title,
  description,
  rows,
  categoryHeading,
  valueHeading,
  format,
}: {
  id: string;
  title: string;
  description: string;
  rows: BarChartRow[];
  categoryHeading: string;
  valueHeading: string;
  format: (value: number) => string;
}) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.dir(i18n.language) === "rtl";
  const top = niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const span = WIDTH - LABEL_WIDTH - VALUE_SPACE;
  const height = TOP * 2 + Math.max(1, rows.length) * ROW;
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">
        {title}
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="chart-svg"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {rows.map((r, n) => {
          const y = TOP + n * ROW;
          const w = r.value > 0 ? Math.max(2, (r.value / top) * span) : 0;
          const barX = rtl ? WIDTH - LABEL_WIDTH - w : LABEL_WIDTH;
          return (
            <g key={r.key} aria-hidden="true">
              <text
                x={rtl ? WIDTH - LABEL_WIDTH + 8 : LABEL_WIDTH - 8}
                y={y + BAR / 2 + 5}
                textAnchor={rtl ? "start" : "end"}
                direction="ltr"
                className="chart-label"
              >
                {short(r.label)}
              </text>
              <rect x={barX} y={y} width={w} height={BAR} rx={3} fill={r.color ?? "#0b4f3c"} />
              <text
                x={rtl ? barX - 6 : barX + w + 6}
                y={y + BAR / 2 + 5}
                textAnchor={rtl ? "end" : "start"}
                direction="ltr"
                className="chart-value"
              >
                {format(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{t("actions.charts.showTable", { title })}</summary>
        <table className="data-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <bdi>{r.label}</bdi>
                </th>
                <td>{format(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
