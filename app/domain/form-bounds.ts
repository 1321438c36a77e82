// The shape every form of ours stays within, checked before any form parser (conform) sees a body:
// conform's parsing is quadratic in repeated names and builds sparse arrays from `x[N]` names, so a
// small hostile body could otherwise hold the one process for minutes (docs/security.md).

export const FORM_BOUNDS = {
  /** Fields in one body. The largest real form (a moderator adding ideas to a group) stays far below. */
  maxFields: 1000,
  /** Values under one name (`ideaId` repeated when ticking ideas for a group). */
  maxRepeatsPerName: 500,
  maxNameLength: 100,
  /** The largest list index in a name like `items[3]` or `items.3`; none of our forms uses lists. */
  maxIndex: 99,
} as const;

export type FormBoundsProblem =
  "too-many-fields" | "too-many-repeats" | "name-too-long" | "index-too-large" | "reserved-field";

// conform reads these two names itself (JSON.parse): a broken value would throw inside the action.
const RESERVED = new Set(["__intent__", "__state__"]);
const INDEX = /\[(\d+)\]|\.(\d+)(?=\.|\[|$)/g;

/** The first way a form's fields break the bounds, or null when they are within them. Linear in the fields. */
export function formBoundsProblem(
  fields: Iterable<[string, unknown]>,
  bounds = FORM_BOUNDS,
): FormBoundsProblem | null {
  const repeats = new Map<string, number>();
  let count = 0;
  for (const [name, value] of fields) {
    if (++count > bounds.maxFields) return "too-many-fields";
    if (name.length > bounds.maxNameLength) return "name-too-long";
    const seen = (repeats.get(name) ?? 0) + 1;
    if (seen > bounds.maxRepeatsPerName) return "too-many-repeats";
    repeats.set(name, seen);
    for (const match of name.matchAll(INDEX)) {
      const index = match[1] ?? match[2];
      if (index.length > 3 || Number(index) > bounds.maxIndex) return "index-too-large";
    }
    if (RESERVED.has(name) && (seen > 1 || !isReservedValueSafe(name, value)))
      return "reserved-field";
  }
  return null;
}

// None of our forms sends conform's list intents (insert, remove, reorder, update): only a plain
// validate intent or a JSON state object is let through to conform.
function isReservedValueSafe(name: string, value: unknown): boolean {
  if (typeof value !== "string" || value.length > 10_000) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return false;
  }
  if (name === "__state__")
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  return (
    typeof parsed === "object" &&
    parsed !== null &&
    (parsed as { type?: unknown }).type === "validate" &&
    typeof (parsed as { payload?: unknown }).payload === "object" &&
    (parsed as { payload?: unknown }).payload !== null
  );
}
