import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/auth.server";
import { selfLink } from "~/utils/same-site";
import { consume, resetRateLimits, trackedKeys } from "~/utils/rate-limit.server";

describe("safeRedirect", () => {
  it.each([
    ["/ideas/3?x=1#c", "/ideas/3?x=1#c"],
    ["/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["ideas/3", "/"],
    [undefined, "/"],
    [42, "/"],
    // Paths that normalise to a protocol-relative URL (another host) once "." and ".." resolve.
    ["/.//evil.com", "/"],
    ["/%2e//evil.com", "/"],
    ["/%2E//evil.com/x?y=1", "/"],
    ["/a/..//evil.com", "/"],
    ["/a/%2e%2e//evil.com", "/"],
    ["/.\\/evil.com", "/"],
    ["/a/..\\/evil.com", "/"],
    ["/a/..\\evil.com", "/evil.com"],
    ["/\t/evil.com", "/"],
    ["\\\\evil.com", "/"],
    // Ordinary paths with dots stay where they point.
    ["/a/../ideas/3", "/ideas/3"],
    ["/./me", "/me"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });
});

describe("selfLink (the language switcher)", () => {
  it.each([
    ["/ideas/3", "?x=1", "/ideas/3?x=1&lang=en"],
    ["/", "", "/?lang=en"],
    ["/ideas/3", "?lang=sv", "/ideas/3?lang=en"],
    // A crafted address bar must not turn the link into another host.
    ["//evil.com/x", "", "/evil.com/x?lang=en"],
    ["/\\evil.com/x", "", "/evil.com/x?lang=en"],
    ["/.//evil.com/x", "", "/?lang=en"],
    ["/%2e//evil.com", "", "/?lang=en"],
  ])("%s%s → %s", (pathname, search, expected) => {
    const href = selfLink(pathname, search, { lang: "en" });
    expect(href).toBe(expected);
    expect(new URL(href, "http://samskapa.test").host).toBe("samskapa.test");
  });
});

describe("rate limits", () => {
  it("refuse the action past the limit and say how long to wait", () => {
    resetRateLimits();
    const limit = { limit: 3, windowMs: 60_000 };
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) expect(consume([["k", limit]], now + i).ok).toBe(true);
    const refused = consume([["k", limit]], now + 10);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(consume([["k", limit]], now + 60_001).ok).toBe(true);
  });
});

describe("the rate limiter's memory", () => {
  it("forgets addresses that were seen once, after the longest window", () => {
    resetRateLimits();
    const limit = { limit: 3, windowMs: 60_000 };
    const start = 10_000_000;
    for (let i = 0; i < 100; i++) consume([[`ip:${i}`, limit]], start + i);
    expect(trackedKeys()).toBe(100);
    consume([["ip:later", limit]], start + 30 * 60_000);
    expect(trackedKeys(), "within the longest window (60 min) nothing is forgotten").toBe(101);
    consume([["ip:much-later", limit]], start + 61 * 60_000);
    expect(trackedKeys()).toBe(2);
    resetRateLimits();
  });
});
