// The roles of the platform (contract.md): admin can do all.
export const ROLES = ["resident", "moderator", "facilitator", "official", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
