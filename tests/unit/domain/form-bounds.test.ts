import { describe, expect, it } from "vitest";
import { FORM_BOUNDS, formBoundsProblem } from "~/domain/form-bounds";

const repeated = (name: string, times: number): [string, string][] =>
  Array.from({ length: times }, () => [name, "1"]);

describe("formBoundsProblem", () => {
  it("lets every real form through, a moderator ticking 500 ideas included", () => {
    expect(
      formBoundsProblem([
        ["email", "a@b.se"],
        ["password", "x"],
        ["redirectTo", "/me"],
      ]),
    ).toBeNull();
    expect(formBoundsProblem([["intent", "add-ideas"], ...repeated("ideaId", 500)])).toBeNull();
    expect(
      formBoundsProblem([
        ["items[3]", "x"],
        ["a.b.12", "y"],
      ]),
    ).toBeNull();
  });

  it("refuses 40,000 repeats of one name, and more fields than any form has", () => {
    expect(formBoundsProblem(repeated("a", 40_000))).toBe("too-many-repeats");
    const many = Array.from({ length: FORM_BOUNDS.maxFields + 1 }, (_, i): [string, string] => [
      `f${i}`,
      "1",
    ]);
    expect(formBoundsProblem(many)).toBe("too-many-fields");
  });

  it("refuses huge list indices, in brackets or after a dot", () => {
    expect(formBoundsProblem([["x[30000000]", "1"]])).toBe("index-too-large");
    expect(formBoundsProblem([["x[999999999]", "1"]])).toBe("index-too-large");
    expect(formBoundsProblem([["x.100", "1"]])).toBe("index-too-large");
    expect(formBoundsProblem([["x[0001]", "1"]])).toBe("index-too-large");
  });

  it("refuses long names", () => {
    expect(formBoundsProblem([["n".repeat(101), "1"]])).toBe("name-too-long");
  });

  it("refuses conform's reserved fields unless they hold the JSON conform itself would send", () => {
    expect(formBoundsProblem([["__state__", "{bad"]])).toBe("reserved-field");
    expect(formBoundsProblem([["__intent__", "not json"]])).toBe("reserved-field");
    expect(
      formBoundsProblem([
        [
          "__intent__",
          JSON.stringify({ type: "insert", payload: { name: "x", index: 30_000_000 } }),
        ],
      ]),
    ).toBe("reserved-field");
    expect(
      formBoundsProblem([["__intent__", JSON.stringify({ type: "validate", payload: null })]]),
    ).toBe("reserved-field");
    expect(
      formBoundsProblem([
        ["__state__", "{}"],
        ["__state__", "{}"],
      ]),
    ).toBe("reserved-field");
    expect(
      formBoundsProblem([
        ["__intent__", JSON.stringify({ type: "validate", payload: { name: "email" } })],
      ]),
    ).toBeNull();
    expect(
      formBoundsProblem([["__state__", JSON.stringify({ validated: { email: true } })]]),
    ).toBeNull();
  });
});
