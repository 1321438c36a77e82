// The accessible list of ideas: everything the map shows, reachable without a mouse or a screen.
import { Link, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FocusArea } from "~/domain/focus-areas";
import { FocusBadge } from "./FocusArea";
import { formatDate, formatNumber } from "./format";
import { announceHighlight, HIGHLIGHT_EVENT, type HighlightDetail } from "./highlight";

export type IdeaListEntry = {
  id: number;
  title: string;
  focusArea: FocusArea;
  supports: number;
  comments: number;
  createdAt: string;
  excerpt: string;
  stage: string | null;
};

export function IdeaList({
  ideas,
  total,
  page,
  pageCount,
  inView = false,
  selectedId = null,
}: {
  ideas: IdeaListEntry[];
  total: number;
  page: number;
  pageCount: number;
  /** whether the list shows the ideas in the map's view (else all of them) */
  inView?: boolean;
  selectedId?: number | null;
}) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  // The idea highlighted on the map, highlighted here too.
  const [highlighted, setHighlighted] = useState<number | null>(null);
  useEffect(() => {
    const onHighlight = (event: Event) => {
      const detail = (event as CustomEvent<HighlightDetail>).detail;
      if (detail.source === "map") setHighlighted(detail.id);
    };
    window.addEventListener(HIGHLIGHT_EVENT, onHighlight);
    return () => window.removeEventListener(HIGHLIGHT_EVENT, onHighlight);
  }, []);
  const highlight = (id: number | null) => {
    setHighlighted(id);
    announceHighlight(id);
  };
  const pageLink = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(n));
    return `${location.pathname}?${params}`;
  };
  return (
    <section className="idea-list" aria-labelledby="list-heading">
      <h2 id="list-heading">
        {t(inView ? "list.headingInView" : "list.heading", {
          count: total,
          formatted: formatNumber(total, i18n.language),
        })}
      </h2>
      {ideas.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <ol className="idea-cards">
          {ideas.map((idea) => (
            <li
              key={idea.id}
              className={`idea-card${highlighted === idea.id || selectedId === idea.id ? " is-highlighted" : ""}`}
              data-focus={idea.focusArea}
              data-idea-id={idea.id}
              onMouseEnter={() => highlight(idea.id)}
              onMouseLeave={() => highlight(null)}
              onFocus={() => highlight(idea.id)}
              onBlur={() => highlight(null)}
            >
              <h3 dir="auto">
                <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
              </h3>
              <FocusBadge focusArea={idea.focusArea} />
              <p className="idea-card-excerpt" dir="auto">
                {idea.excerpt}
                {idea.excerpt.length >= 180 ? "…" : ""}
              </p>
              <p className="idea-card-meta">
                <span>
                  {t("idea.supports", {
                    count: idea.supports,
                    formatted: formatNumber(idea.supports, i18n.language),
                  })}
                </span>
                <span>
                  {t("idea.comments", {
                    count: idea.comments,
                    formatted: formatNumber(idea.comments, i18n.language),
                  })}
                </span>
                <span>{formatDate(idea.createdAt, i18n.language)}</span>
              </p>
            </li>
          ))}
        </ol>
      )}
      {pageCount > 1 ? (
        <nav className="pagination" aria-label={t("list.pagination")}>
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev" preventScrollReset>
              {t("list.previous")}
            </Link>
          ) : null}
          <span>{t("list.pageOf", { page, pageCount })}</span>
          {page < pageCount ? (
            <Link to={pageLink(page + 1)} rel="next" preventScrollReset>
              {t("list.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
