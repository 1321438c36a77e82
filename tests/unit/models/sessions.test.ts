import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createSession,
  startExpiredSessionSweep,
  userForSessionToken,
} from "~/models/sessions.server";
import { getDb } from "~/utils/db.server";
import { makeUser } from "../helpers";

const sessionsOf = (userId: number) =>
  (
    getDb().prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(userId) as {
      n: number;
    }
  ).n;

function expiredSession(userId: number, id: string) {
  getDb()
    .prepare(
      "INSERT INTO sessions (id, user_id, expires_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day'))",
    )
    .run(id, userId);
}

describe("expired sessions", () => {
  afterEach(() => vi.useRealTimers());

  it("are deleted at start and then every hour, while live ones stay", () => {
    vi.useFakeTimers();
    const person = makeUser();
    const token = createSession(person);
    expiredSession(person, "dead-1");
    const swept: number[] = [];
    const stop = startExpiredSessionSweep(3_600_000, (o) => swept.push(o.deleted ?? -1));
    expect(swept).toEqual([1]);
    expect(sessionsOf(person)).toBe(1);

    expiredSession(person, "dead-2");
    vi.advanceTimersByTime(3_600_000);
    expect(swept).toEqual([1, 1]);
    expect(sessionsOf(person)).toBe(1);
    expect(userForSessionToken(token)?.id).toBe(person);
    stop();
  });

  it("of a person are deleted when that person signs in", () => {
    const person = makeUser();
    const other = makeUser();
    expiredSession(person, "old-of-person");
    expiredSession(other, "old-of-other");
    createSession(person);
    expect(
      getDb().prepare("SELECT id FROM sessions WHERE id LIKE 'old-%' ORDER BY id").all(),
    ).toEqual([{ id: "old-of-other" }]);
    expect(sessionsOf(person)).toBe(1);
  });
});
