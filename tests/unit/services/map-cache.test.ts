import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cachedAnswer } from "~/services/map-cache.server";

describe("cachedAnswer", () => {
  it("computes an answer once per key, and serves the same JSON plain or gzipped", () => {
    let made = 0;
    const make = () => {
      made += 1;
      return { type: "FeatureCollection", features: [{ id: 1, title: "Å ä ö" }] };
    };
    const plain = cachedAnswer("v1|q", make, false);
    const zipped = cachedAnswer("v1|q", make, true);
    expect(made).toBe(1);
    expect(zipped.gzip).toBe(true);
    expect(gunzipSync(zipped.body as Uint8Array).toString("utf8")).toBe(plain.body);
    cachedAnswer("v2|q", make, false);
    expect(made).toBe(2);
  });
});
