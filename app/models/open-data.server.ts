// Open data: visible ideas and groups, read in pages by id so that a download of 100,000 ideas
// never holds them all in memory (and never keeps a statement open between pages).
import type { FocusArea, Stage } from "~/domain/focus-areas";
import { getDb } from "~/utils/db.server";

export type OpenIdea = {
  id: number;
  title: string;
  body: string;
  focusArea: FocusArea;
  lat: number;
  lng: number;
  supports: number;
  comments: number;
  groupId: number | null;
  stage: Stage | null;
  createdAt: string;
};

export const OPEN_DATA_PAGE = 1000;

/** The next page of visible ideas after `afterId`, in id order. No names, no e-mail addresses. */
export function openIdeasAfter(afterId: number, limit = OPEN_DATA_PAGE): OpenIdea[] {
  return getDb()
    .prepare(
      `SELECT i.id, i.title, i.body, i.focus_area AS focusArea, i.lat, i.lng, i.supports_count AS supports,
         i.comments_count AS comments, i.group_id AS groupId, g.stage, i.created_at AS createdAt
       FROM ideas i LEFT JOIN co_creation_groups g ON g.id = i.group_id
       WHERE i.status = 'visible' AND i.id > ? ORDER BY i.id LIMIT ?`,
    )
    .all(afterId, limit) as OpenIdea[];
}

export type OpenGroup = {
  id: number;
  title: string;
  summary: string;
  focusArea: FocusArea;
  stage: Stage;
  latestMessage: string | null;
  latestMessageAt: string | null;
  points: string; // JSON array of [lng, lat]
  ideaIds: string; // JSON array
};

export function openGroups(): OpenGroup[] {
  return getDb()
    .prepare(
      `SELECT g.id, g.title, g.summary, g.focus_area AS focusArea, g.stage,
         (SELECT m.message FROM group_messages m WHERE m.group_id = g.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latestMessage,
         (SELECT m.created_at FROM group_messages m WHERE m.group_id = g.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latestMessageAt,
         (SELECT json_group_array(json_array(i.lng, i.lat)) FROM ideas i WHERE i.group_id = g.id AND i.status = 'visible') AS points,
         (SELECT json_group_array(i.id) FROM ideas i WHERE i.group_id = g.id AND i.status = 'visible') AS ideaIds
       FROM co_creation_groups g ORDER BY g.id`,
    )
    .all() as OpenGroup[];
}
