import { describe, expect, it } from "vitest";
import {
  isLocalHttpIssuer,
  nameFromClaims,
  parseOidcProviders,
  roleFromClaims,
  scopeFor,
} from "~/domain/oidc-config";
import { ConfigError, readEnv } from "~/utils/env.server";

const bankid = {
  id: "bankid",
  label: "BankID (Idura)",
  issuer: "https://samskapa-boras.idura.broker",
  clientId: "urn:samskapa:boras",
  clientSecret: "a-very-secret-value",
  kind: "e-id",
  acrValues: "urn:grn:authn:se:bankid:same-device",
};
const staff = {
  id: "entra",
  label: "Borås Stad",
  issuer: "https://login.microsoftonline.com/tenant-id/v2.0",
  clientId: "client",
  clientSecret: "another-secret-value",
  kind: "staff",
  scope: "openid profile",
  roleClaim: "groups",
  roles: { "group-mod": "moderator", "group-fac": "facilitator", "group-adm": "admin" },
};

describe("parseOidcProviders", () => {
  it("is empty when unset or blank", () => {
    expect(parseOidcProviders(undefined)).toEqual([]);
    expect(parseOidcProviders("  ")).toEqual([]);
    expect(parseOidcProviders("[]")).toEqual([]);
  });

  it("reads e-ID and staff providers", () => {
    const providers = parseOidcProviders(JSON.stringify([bankid, staff]));
    expect(providers.map((p) => [p.id, p.kind])).toEqual([
      ["bankid", "e-id"],
      ["entra", "staff"],
    ]);
    expect(providers[1].roles).toEqual(staff.roles);
  });

  it("names the bad entry and field, and never repeats a secret", () => {
    const bad = [bankid, { ...staff, clientSecret: "", roles: { g: "superuser" } }];
    let message = "";
    try {
      parseOidcProviders(JSON.stringify(bad));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/entry 2 \("entra"\): clientSecret/);
    expect(message).toMatch(/entry 2 \("entra"\): roles\.g must be one of moderator/);
    expect(message).not.toContain("another-secret-value");
    expect(message).not.toContain("a-very-secret-value");
  });

  it("refuses what would go wrong later: not JSON, not an array, unknown fields, a missing kind, twice the same id, a staff provider without roles", () => {
    expect(() => parseOidcProviders("{not json")).toThrow(/JSON array/);
    expect(() => parseOidcProviders(JSON.stringify(bankid))).toThrow(/JSON array/);
    expect(() => parseOidcProviders(JSON.stringify([{ ...bankid, secret: "x" }]))).toThrow(
      /entry 1 \("bankid"\): entry unknown field\(s\) secret/,
    );
    const { kind: _kind, ...noKind } = bankid;
    expect(() => parseOidcProviders(JSON.stringify([noKind]))).toThrow(/kind/);
    expect(() => parseOidcProviders(JSON.stringify([bankid, bankid]))).toThrow(
      /entry 2 \("bankid"\): id is used twice/,
    );
    const { roles: _roles, ...noRoles } = staff;
    expect(() => parseOidcProviders(JSON.stringify([noRoles]))).toThrow(/roleClaim and roles/);
    expect(() => parseOidcProviders(JSON.stringify([{ ...bankid, id: "Bank ID" }]))).toThrow(
      /id must be/,
    );
  });

  it("allows plain http only for an issuer on this machine", () => {
    expect(() =>
      parseOidcProviders(JSON.stringify([{ ...bankid, issuer: "http://idp.example.se" }])),
    ).toThrow(/must be https/);
    expect(
      parseOidcProviders(JSON.stringify([{ ...bankid, issuer: "http://127.0.0.1:4400" }])),
    ).toHaveLength(1);
    expect(isLocalHttpIssuer("http://localhost:4400")).toBe(true);
    expect(isLocalHttpIssuer("http://127.0.0.1.evil.example")).toBe(false);
    expect(isLocalHttpIssuer("https://127.0.0.1:4400")).toBe(false);
    expect(isLocalHttpIssuer("not a url")).toBe(false);
  });

  it("stops the start through readEnv with a ConfigError naming OIDC_PROVIDERS", () => {
    const base = { DATABASE_PATH: ":memory:" };
    expect(() => readEnv({ ...base, OIDC_PROVIDERS: "[{}]" })).toThrow(ConfigError);
    expect(() => readEnv({ ...base, OIDC_PROVIDERS: "[{}]" })).toThrow(/OIDC_PROVIDERS: entry 1/);
    expect(
      readEnv({ ...base, OIDC_PROVIDERS: JSON.stringify([bankid]) }).oidcProviders,
    ).toHaveLength(1);
    expect(readEnv(base).oidcProviders).toEqual([]);
  });
});

describe("scopeFor", () => {
  it("asks for openid always, profile by default", () => {
    const [p] = parseOidcProviders(JSON.stringify([bankid]));
    expect(scopeFor(p)).toBe("openid profile");
    expect(scopeFor({ ...p, scope: "profile groups" })).toBe("openid profile groups");
    expect(scopeFor({ ...p, scope: "openid email" })).toBe("openid email");
  });
});

describe("roleFromClaims", () => {
  const roles = staff.roles as Record<string, "moderator" | "facilitator" | "admin">;

  it("maps a group to its role; the strongest of several wins", () => {
    expect(roleFromClaims({ groups: ["group-fac"] }, "groups", roles)).toBe("facilitator");
    expect(roleFromClaims({ groups: ["group-fac", "group-mod"] }, "groups", roles)).toBe(
      "moderator",
    );
    expect(roleFromClaims({ groups: ["other", "group-adm", "group-mod"] }, "groups", roles)).toBe(
      "admin",
    );
  });

  it("takes a single string claim too (e.g. a role claim)", () => {
    expect(roleFromClaims({ role: "group-mod" }, "role", roles)).toBe("moderator");
  });

  it("is resident when nothing maps: no claim, an empty list, unknown groups, wrong types", () => {
    expect(roleFromClaims({}, "groups", roles)).toBe("resident");
    expect(roleFromClaims({ groups: [] }, "groups", roles)).toBe("resident");
    expect(roleFromClaims({ groups: ["someone-else"] }, "groups", roles)).toBe("resident");
    expect(roleFromClaims({ groups: [42, null, { g: 1 }] }, "groups", roles)).toBe("resident");
    expect(roleFromClaims({ groups: null }, "groups", roles)).toBe("resident");
    expect(roleFromClaims({ groups: ["group-mod"] }, undefined, roles)).toBe("resident");
  });

  it("is not fooled by names of Object's own properties", () => {
    expect(
      roleFromClaims({ groups: ["constructor", "__proto__", "toString"] }, "groups", roles),
    ).toBe("resident");
  });
});

describe("nameFromClaims", () => {
  it("uses name, else given and family name, else nothing", () => {
    expect(nameFromClaims({ name: "Eva Eidsson" })).toBe("Eva Eidsson");
    expect(nameFromClaims({ given_name: "Eva", family_name: "Eidsson" })).toBe("Eva Eidsson");
    expect(nameFromClaims({ given_name: "Eva" })).toBe("Eva");
    expect(nameFromClaims({ sub: "abc" })).toBeNull();
    expect(nameFromClaims({ name: "   " })).toBeNull();
    expect(nameFromClaims({ name: 42 })).toBeNull();
  });

  it("strips control and format characters and keeps at most 80 characters", () => {
    expect(nameFromClaims({ name: "Eva\u202e\u0000 Eidsson" })).toBe("Eva Eidsson");
    expect(nameFromClaims({ name: "x".repeat(200) })).toHaveLength(80);
  });
});
