// The install-time patch of React Router's matching (scripts/runtime-patches.mjs, decision 025):
// applied by this install, the very answers of the unpatched code, applied once, and a file that
// is not the code it was written for is left as it is.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyRuntimePatch, ROUTER_PATCH } from "../../../scripts/runtime-patches.mjs";

type Router = typeof import("@remix-run/router");
type Route = import("@remix-run/router").AgnosticRouteObject;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-runtime-patches-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const requireHere = createRequire(import.meta.url);
const installed = fs.readFileSync(path.resolve(ROUTER_PATCH.file), "utf8");

/** The installed file with the patch taken out again: the package as published. */
function unpatched(text: string) {
  for (const { find, replace } of [...ROUTER_PATCH.replacements].reverse())
    text = text.replace(replace, find);
  return text;
}

/** A copy of the router under `name`, loaded as Node loads it. */
function load(name: string, text: string): Router {
  const root = path.join(dir, name);
  const file = path.join(root, ROUTER_PATCH.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return requireHere(file) as Router;
}

// A tree shaped like the app's: a root layout, index, params, splats, optional and case-sensitive paths.
const routes = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "ideas", path: "ideas", children: [{ id: "ideas.new", path: "new" }] },
      { id: "idea", path: "ideas/:id" },
      { id: "idea.edit", path: "ideas/:id/edit" },
      { id: "workshop", path: "w/:code" },
      { id: "screen", path: "w/:code/screen" },
      { id: "lang", path: ":lang?/om" },
      { id: "Case", path: "Moderation", caseSensitive: true },
      { id: "moderation", path: "moderation", children: [{ id: "audit", path: "audit" }] },
      { id: "files", path: "files/*" },
      { id: "splat", path: "*" },
    ],
  },
];
const PATHS = [
  "/",
  "/ideas",
  "/ideas/",
  "/ideas/new",
  "/ideas/12",
  "/ideas/12/edit",
  "/IDEAS/12",
  "/w/ABC123/screen",
  "/om",
  "/sv/om",
  "/Moderation",
  "/moderation/audit",
  "/files/a/b.pdf",
  "/nothing/here",
  "/%C3%A5r/%2F",
  "/base/ideas/3",
];

describe("the route matching patch", () => {
  it("is applied to this install (npm's postinstall)", () => {
    expect(installed).toContain(ROUTER_PATCH.marker);
  });

  it("answers as the published code does, asked again and again, with new and kept route arrays", () => {
    const original = load("original", unpatched(installed));
    const patched = load("patched", installed);
    expect(original).not.toBe(patched);
    const kept = routes();
    for (let round = 0; round < 3; round++) {
      for (const pathname of PATHS) {
        for (const basename of [undefined, "/base"]) {
          const expected = original.matchRoutes(routes(), pathname, basename);
          expect(patched.matchRoutes(kept, pathname, basename)).toEqual(expected);
          expect(patched.matchRoutes(routes(), pathname, basename)).toEqual(expected);
        }
      }
    }
    // matchPath compiles each pattern once and keeps it: the answer stays the pattern's own.
    for (const end of [true, false, undefined])
      for (const caseSensitive of [true, false])
        expect(
          patched.matchPath({ path: "/Ideas/:id", end, caseSensitive }, "/ideas/7/edit"),
        ).toEqual(original.matchPath({ path: "/Ideas/:id", end, caseSensitive }, "/ideas/7/edit"));
  });

  it("is applied once, and leaves a file it was not written for as it is", () => {
    const root = path.join(dir, "install");
    const file = path.join(root, ROUTER_PATCH.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, unpatched(installed));
    expect(applyRuntimePatch(root, ROUTER_PATCH)).toBe("applied");
    expect(fs.readFileSync(file, "utf8")).toBe(installed);
    expect(applyRuntimePatch(root, ROUTER_PATCH)).toBe("already");
    expect(fs.readFileSync(file, "utf8")).toBe(installed);

    const changed = unpatched(installed).replace("rankRouteBranches(branches);\n", "");
    fs.writeFileSync(file, changed);
    expect(applyRuntimePatch(root, ROUTER_PATCH)).toBe("changed");
    expect(fs.readFileSync(file, "utf8")).toBe(changed);
    expect(applyRuntimePatch(path.join(dir, "nowhere"), ROUTER_PATCH)).toBe("missing");
  });
});
