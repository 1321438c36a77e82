// The limits of an idea's and a comment's fields and the reasons for a report, without their
// schemas: the idea page's forms need these few values, and importing idea-schemas.ts would put
// zod, the Borås boundary and the place list in the page's scripts (issue 8: the idea page's
// first paint on a slow phone).
export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const BODY_MIN = 10;
export const BODY_MAX = 5000;
export const COMMENT_MAX = 2000;

export const REPORT_REASONS = ["spam", "offensive", "personal-data", "off-topic", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
