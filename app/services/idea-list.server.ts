// The list beside the map: one page of the visible ideas in an area, with its figures and dates
// written out in the person's language. Its one home: the map page's loader makes it for a first
// load and for the filter, sort and page forms, and /api/map makes it with the map's answer when a
// pan asks for it (list=1), so that a pan needs no other request (issue 14).
import type { IdeaListEntry, IdeaListPage } from "~/components/IdeaList";
import { formatDate, formatNumber } from "~/components/format";
import type { BBox } from "~/domain/geo";
import { countIdeas, listIdeas, type IdeaFilter, type IdeaSort } from "~/models/ideas.server";

export const PAGE_SIZE = 20;
const SORTS: readonly IdeaSort[] = ["supports", "newest", "nearest"];
const MAX_PAGE = 10_000;

export type Point = { lat: number; lng: number };

/** The list's own parameters, as the URL gives them; `null` where absent (or malformed). */
export type ListParams = { sort: IdeaSort | null; page: number; near: Point | null };

/**
 * An idea of the list with its figures and date written out in the language. The list is written
 * on the server: the phone then needs no Intl number and date data while the page starts (making
 * the first Intl formatter costs a phone's main thread tens of milliseconds).
 */
export function ideaListEntry(idea: Omit<IdeaListEntry, "shown">, language: string): IdeaListEntry {
  return {
    ...idea,
    shown: {
      supports: formatNumber(idea.supports, language),
      comments: formatNumber(idea.comments, language),
      createdAt: formatDate(idea.createdAt, language),
    },
  };
}

/** `lat,lng` in decimal degrees, or null. */
export function parsePoint(value: string | null): Point | null {
  const [lat, lng] = (value ?? "").split(",").map(Number);
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
    ? { lat, lng }
    : null;
}

/**
 * `sort`, `page` and `near` from a query. A malformed value falls back to the default (the page
 * still works with an odd link) and is named in `invalid`, so that an API can refuse it instead.
 */
export function parseListParams(params: URLSearchParams): {
  list: ListParams;
  invalid: "sort" | "page" | "near" | null;
} {
  const sortText = params.get("sort");
  const sort =
    sortText !== null && (SORTS as string[]).includes(sortText) ? (sortText as IdeaSort) : null;
  const pageText = params.get("page");
  const pageNumber = Number(pageText);
  const pageOk = pageText === null || (Number.isInteger(pageNumber) && pageNumber >= 1);
  const page = Math.max(1, Math.min(MAX_PAGE, Math.floor(pageNumber) || 1));
  const nearText = params.get("near");
  const near = parsePoint(nearText);
  const invalid =
    sortText !== null && sort === null
      ? "sort"
      : !pageOk
        ? "page"
        : nearText !== null && near === null
          ? "near"
          : null;
  return { list: { sort, page, near }, invalid };
}

/**
 * One page of the visible ideas that match the filter, in the box when there is one. `nearest`
 * sorts by distance from `near`, else from the box's middle.
 */
export function ideaListPage(
  filter: IdeaFilter,
  options: {
    bbox: BBox | null;
    sort: IdeaSort;
    page: number;
    near: Point | null;
    language: string;
  },
): IdeaListPage {
  const { bbox, sort, page, language } = options;
  const centre =
    options.near ??
    (bbox ? { lat: (bbox.south + bbox.north) / 2, lng: (bbox.west + bbox.east) / 2 } : undefined);
  const total = countIdeas(filter, bbox ?? undefined);
  const ideas = listIdeas(filter, {
    sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
    bbox: bbox ?? undefined,
    near: centre,
  });
  return {
    ideas: ideas.map((idea) => ideaListEntry(idea, language)),
    total,
    shownTotal: formatNumber(total, language),
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}
