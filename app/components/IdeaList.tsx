// The accessible list of ideas: everything the map shows, reachable without a mouse or a screen.
import { Link, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FocusArea } from "~/domain/focus-areas";
import { FocusBadge } from "./FocusArea";
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
  /** Its figures and date as the page's language writes them (ideaListEntry in services/idea-list.server). */
  shown: { supports: string; comments: string; createdAt: string };
};

/** One page of the list, as the map page's loader and /api/map (list=1) send it. */
export type IdeaListPage = {
  ideas: IdeaListEntry[];
  total: number;
  /** total as the language writes it */
  shownTotal: string;
  page: number;
  pageCount: number;
};

export function IdeaList({
  ideas,
  total,
  shownTotal,
  page,
  pageCount,
  inView = false,
  selectedId = null,
}: {
  ideas: IdeaListEntry[];
  total: number;
  /** total as the page's language writes it */
  shownTotal: string;
  page: number;
  pageCount: number;
  /** whether the list shows the ideas in the map's view (else all of them) */
  inView?: boolean;
  selectedId?: number | null;
}) {
  const { t } = useTranslation();
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
          formatted: shownTotal,
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
                {/* Not discovered as it shows: a pan shows new cards, and each would cost a
                    /__manifest request; the idea route is looked up when a card is followed. */}
                <Link to={`/ideas/${idea.id}`} discover="none">
                  {idea.title}
                </Link>
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
                    formatted: idea.shown.supports,
                  })}
                </span>
                <span>
                  {t("idea.comments", {
                    count: idea.comments,
                    formatted: idea.shown.comments,
                  })}
                </span>
                <span>{idea.shown.createdAt}</span>
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
