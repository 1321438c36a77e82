// The columns of the open data, as contract.md names them (shared by the files and their page).
export const IDEA_COLUMNS = [
  "id",
  "title",
  "body",
  "focus_area",
  "lat",
  "lng",
  "supports",
  "comments",
  "group_id",
  "stage",
  "created_at",
] as const;
export const GROUP_PROPERTIES = [
  "id",
  "title",
  "summary",
  "focus_area",
  "stage",
  "idea_ids",
  "latest_message",
  "latest_message_at",
] as const;
