// Open data through the real server, opened with a real GIS client (GDAL's ogrinfo).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, expectNoAxeViolations, loginRequest } from "./support/people";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-open-data-"));

function ogrinfo(file: string, ...options: string[]) {
  return execFileSync("ogrinfo", ["-ro", "-al", "-so", ...options, file], { encoding: "utf8" });
}

test("ideas.geojson and groups.geojson open in GDAL as points and multipoints", async ({
  request,
}) => {
  const ideas = await request.get("/open-data/ideas.geojson");
  expect(ideas.status()).toBe(200);
  expect(ideas.headers()["content-type"]).toContain("application/geo+json");
  const file = path.join(dir, "ideas.geojson");
  fs.writeFileSync(file, await ideas.body());
  const info = ogrinfo(file);
  expect(info).toMatch(/Geometry: Point/);
  const count = Number(/Feature Count: (\d+)/.exec(info)![1]);
  expect(count).toBeGreaterThanOrEqual(80);
  for (const field of [
    "title",
    "body",
    "focus_area",
    "supports",
    "comments",
    "group_id",
    "stage",
    "created_at",
  ]) {
    expect(info).toContain(`${field}:`);
  }

  const groups = await request.get("/open-data/groups.geojson");
  const groupsFile = path.join(dir, "groups.geojson");
  fs.writeFileSync(groupsFile, await groups.body());
  const groupInfo = ogrinfo(groupsFile);
  expect(groupInfo).toMatch(/Geometry: Multi Point/);
  expect(groupInfo).toContain("latest_message:");
  expect(groupInfo).toContain("stage:");
});

test("ideas.csv is RFC 4180 with the contract's columns, and GDAL reads its points", async ({
  request,
}) => {
  const response = await request.get("/open-data/ideas.csv");
  expect(response.headers()["content-type"]).toContain("text/csv");
  const text = (await response.body()).toString("utf8").replace(/^\uFEFF/, "");
  expect(text.split("\r\n")[0]).toBe(
    "id,title,body,focus_area,lat,lng,supports,comments,group_id,stage,created_at",
  );
  expect(text.endsWith("\r\n")).toBe(true);
  const file = path.join(dir, "ideas.csv");
  fs.writeFileSync(file, text);
  const info = ogrinfo(
    file,
    "-oo",
    "X_POSSIBLE_NAMES=lng",
    "-oo",
    "Y_POSSIBLE_NAMES=lat",
    "-oo",
    "AUTODETECT_TYPE=YES",
  );
  expect(info).toMatch(/Geometry: Point/);
  const geojson = await (await request.get("/open-data/ideas.geojson")).json();
  expect(Number(/Feature Count: (\d+)/.exec(info)![1])).toBe(geojson.features.length);
});

test("no names or e-mail addresses, and hidden ideas never, in any open data", async ({
  request,
  playwright,
  baseURL,
}) => {
  const all = [
    await (await request.get("/open-data/ideas.csv")).text(),
    await (await request.get("/open-data/ideas.geojson")).text(),
    await (await request.get("/open-data/groups.geojson")).text(),
  ].join("\n");
  expect(all).not.toMatch(/@example\.se/);
  expect(all).not.toContain("Anna Lindqvist");
  expect(all).not.toContain("Karin Ek");

  // A moderator hides an idea: it leaves every file.
  const geojson = await (await request.get("/open-data/ideas.geojson")).json();
  const victim = geojson.features.find(
    (f: { properties: { group_id: number | null } }) => f.properties.group_id === null,
  );
  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  const hidden = await moderator.post(`/moderation/ideas/${victim.id}`, {
    form: { intent: "hide", reason: "Test av öppna data" },
    maxRedirects: 0,
  });
  expect(hidden.status()).toBe(303);
  const after = await (await request.get("/open-data/ideas.geojson")).json();
  expect(after.features.map((f: { id: number }) => f.id)).not.toContain(victim.id);
  expect(after.features.length).toBe(geojson.features.length - 1);
  const csv = await (await request.get("/open-data/ideas.csv")).text();
  expect(csv.split("\r\n").some((line) => line.startsWith(`${victim.id},`))).toBe(false);
  await moderator.post(`/moderation/ideas/${victim.id}`, {
    form: { intent: "restore" },
    maxRedirects: 0,
  });
  await moderator.dispose();
});

test("the open data page explains the licence and the columns", async ({ page }) => {
  await page.goto("/open-data");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Öppna data");
  await expect(page.getByText(/CC0/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Idéer som CSV (kalkylark)" })).toHaveAttribute(
    "href",
    "/open-data/ideas.csv",
  );
  await expectNoAxeViolations(page);
});
