import { describe, expect, it } from "vitest";
import { ideaFilterToParams, parseIdeaFilter } from "~/domain/idea-filter";

const parse = (query: string) => parseIdeaFilter(new URLSearchParams(query));

describe("parseIdeaFilter", () => {
  it("reads repeated and comma-separated focus areas", () => {
    expect(parse("focus=mobility&focus=leadership")).toEqual({
      ok: true,
      filter: { focusAreas: ["mobility", "leadership"], stages: [], q: "" },
    });
    expect(parse("focus=mobility,construction")).toMatchObject({
      ok: true,
      filter: { focusAreas: ["mobility", "construction"] },
    });
  });

  it("treats all four focus areas as no filter", () => {
    expect(parse("focus=mobility,construction,co-creation,leadership")).toMatchObject({
      ok: true,
      filter: { focusAreas: [] },
    });
  });

  it("names the parameter that is wrong", () => {
    expect(parse("focus=cars")).toEqual({ ok: false, parameter: "focus" });
    expect(parse("stage=finished")).toEqual({ ok: false, parameter: "stage" });
    expect(parse(`q=${"x".repeat(201)}`)).toEqual({ ok: false, parameter: "q" });
  });

  it("round-trips through query parameters", () => {
    const params = ideaFilterToParams({
      focusAreas: ["leadership", "mobility"],
      stages: ["done"],
      q: "cykel",
    });
    expect(params.toString()).toBe("focus=leadership%2Cmobility&stage=done&q=cykel");
    expect(parseIdeaFilter(params)).toMatchObject({
      ok: true,
      filter: { q: "cykel", stages: ["done"] },
    });
  });
});
