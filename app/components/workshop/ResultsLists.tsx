// A closed workshop's ideas by dots and per focus area: the facilitator's console and the public
// results page show the same two lists, under headings of their own level.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";

type Result = { id: number; title: string; focusArea: FocusArea | string; dots: number };

export function ResultsLists({
  results,
  heading: Heading,
}: {
  results: Result[];
  heading: "h2" | "h3";
}) {
  const { t } = useTranslation();
  return (
    <>
      <Heading>{t("workshop.byDots")}</Heading>
      <ol className="results-list">
        {results.map((r) => (
          <li key={r.id}>
            <Link to={`/ideas/${r.id}`} dir="auto">
              {r.title}
            </Link>{" "}
            <span className="muted">· {t("workshop.dotCount", { count: r.dots })}</span>
          </li>
        ))}
      </ol>
      <Heading>{t("workshop.byFocusArea")}</Heading>
      <ul className="plain-list">
        {FOCUS_AREAS.map((f) => {
          const inArea = results.filter((r) => r.focusArea === f);
          return (
            <li key={f}>
              {t(`focusAreas.${f}.label`)}: {t("workshop.ideaCount", { count: inArea.length })},{" "}
              {t("workshop.dotCount", { count: inArea.reduce((sum, r) => sum + r.dots, 0) })}
            </li>
          );
        })}
      </ul>
    </>
  );
}
