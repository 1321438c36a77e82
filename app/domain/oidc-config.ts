// OpenID Connect providers (OIDC_PROVIDERS, contract.md) and what their claims mean here: pure, so
// that the parsing and the claim→role mapping are tested without a server or a provider.
import { z } from "zod";
import { ROLES, type Role } from "./roles";

const STAFF_ROLES = ROLES.filter((r) => r !== "resident") as [Exclude<Role, "resident">];

const ProviderSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be 1–40 lowercase letters, digits or dashes"),
    label: z.string().trim().min(1, "must not be empty").max(80),
    issuer: z
      .string()
      .url("must be the issuer's full address")
      .refine((v) => /^https:\/\//.test(v) || isLocalHttpIssuer(v), {
        message: "must be https (plain http only on localhost or 127.0.0.1, for tests)",
      }),
    clientId: z.string().min(1, "must not be empty"),
    clientSecret: z.string().min(1, "must not be empty"),
    kind: z.enum(["e-id", "staff"], { errorMap: () => ({ message: 'must be "e-id" or "staff"' }) }),
    scope: z.string().trim().min(1).optional(),
    acrValues: z.string().trim().min(1).optional(),
    roleClaim: z.string().trim().min(1).optional(),
    roles: z
      .record(
        z.string(),
        z.enum(STAFF_ROLES, {
          errorMap: () => ({ message: `must be one of ${STAFF_ROLES.join(", ")}` }),
        }),
      )
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === "staff" && (!p.roleClaim || !p.roles || Object.keys(p.roles).length === 0)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'a "staff" provider needs roleClaim and roles',
        path: ["roles"],
      });
    }
  });

export type OidcProvider = z.infer<typeof ProviderSchema>;

/**
 * The providers of OIDC_PROVIDERS (unset or empty: none). Throws an Error whose message names the
 * entry (by position and id) and the field that is wrong; it never repeats a value, so a client
 * secret cannot end up in a log.
 */
export function parseOidcProviders(raw: string | undefined): OidcProvider[] {
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error("must be a JSON array of providers");
  }
  if (!Array.isArray(value)) throw new Error("must be a JSON array of providers");
  const problems: string[] = [];
  const providers: OidcProvider[] = [];
  value.forEach((entry, index) => {
    const id =
      entry && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string"
        ? ` ("${String((entry as { id: string }).id).slice(0, 40)}")`
        : "";
    const parsed = ProviderSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.join(".") || "entry";
        const message =
          issue.code === "unrecognized_keys"
            ? `unknown field(s) ${issue.keys.join(", ")}`
            : issue.code === "invalid_type" && issue.received === "undefined"
              ? "is missing"
              : issue.message;
        problems.push(`entry ${index + 1}${id}: ${field} ${message}`);
      }
      return;
    }
    if (providers.some((p) => p.id === parsed.data.id)) {
      problems.push(`entry ${index + 1}${id}: id is used twice`);
      return;
    }
    providers.push(parsed.data);
  });
  if (problems.length) throw new Error(problems.join("; "));
  return providers;
}

/** Plain http is allowed for an issuer on this machine only (the tests' own provider). */
export function isLocalHttpIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return (
      url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost")
    );
  } catch {
    return false;
  }
}

/** The scope asked for: the provider's own, else the standard claims about a person. */
export function scopeFor(provider: OidcProvider): string {
  const scope = provider.scope ?? "openid profile";
  return scope.split(/\s+/).includes("openid") ? scope : `openid ${scope}`;
}

// The more a role may do, the later it stands: someone in two mapped groups gets the stronger role.
const STRENGTH: Record<Role, number> = {
  resident: 0,
  official: 1,
  facilitator: 2,
  moderator: 3,
  admin: 4,
};

/**
 * The role a staff sign-in gives: the claim's values (a string, or an array as Entra ID's `groups`)
 * mapped through `roles`; the strongest wins; none mapped is `resident` (a person who left the
 * directory group loses the role).
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  roleClaim: string | undefined,
  roles: Record<string, Role> | undefined,
): Role {
  if (!roleClaim || !roles) return "resident";
  const raw = claims[roleClaim];
  const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  let best: Role = "resident";
  for (const value of values) {
    if (typeof value !== "string") continue;
    const role = Object.prototype.hasOwnProperty.call(roles, value) ? roles[value] : undefined;
    if (role && STRENGTH[role] > STRENGTH[best]) best = role;
  }
  return best;
}

/** A display name from standard claims (`name`, else given and family name), or null. */
export function nameFromClaims(claims: Record<string, unknown>): string | null {
  const clean = (v: unknown) =>
    typeof v === "string"
      ? v
          .replace(/[\p{Cc}\p{Cf}]/gu, " ")
          .replace(/\s+/g, " ")
          .trim()
      : "";
  const name =
    clean(claims.name) || [clean(claims.given_name), clean(claims.family_name)].join(" ").trim();
  return name ? name.slice(0, 80) : null;
}
