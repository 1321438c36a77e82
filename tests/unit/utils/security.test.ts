import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders, securityHeadersWithNonce } from "~/utils/security.server";

describe("newNonce", () => {
  it("gives 144 random bits each time, never the same twice, past the pool's refill", () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(1_000);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(18);
    }
  });
});

describe("securityHeadersWithNonce", () => {
  it("sets on a page the very headers securityHeaders makes, with its own nonce", () => {
    for (const production of [false, true]) {
      const forPage = securityHeadersWithNonce({ production });
      for (const nonce of [newNonce(), newNonce()]) {
        const made: Record<string, string> = {};
        forPage({ setHeader: (name: string, value: string) => (made[name] = value) }, nonce);
        expect(made).toEqual(securityHeaders({ nonce, production }));
        expect(made["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
      }
    }
  });
});
