// Comments on ideas: only visible ones are read for the public.
import { getDb } from "~/utils/db.server";

export type PublicComment = {
  id: number;
  parentId: number | null;
  body: string;
  authorName: string | null;
  createdAt: string;
};

export function visibleCommentsForIdea(ideaId: number): PublicComment[] {
  return getDb()
    .prepare(
      `SELECT c.id, c.parent_id AS parentId, c.body, c.created_at AS createdAt,
         CASE WHEN u.deleted_at IS NULL THEN u.name END AS authorName
       FROM comments c LEFT JOIN users u ON u.id = c.author_id
       WHERE c.idea_id = ? AND c.status = 'visible'
       ORDER BY c.created_at, c.id`,
    )
    .all(ideaId) as PublicComment[];
}
