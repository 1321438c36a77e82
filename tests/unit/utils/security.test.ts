import { describe, expect, it } from "vitest";
import { newNonce } from "~/utils/security.server";

describe("newNonce", () => {
  it("gives 128 random bits each time, never the same twice, past the pool's refill", () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(1_000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
