// Names, titles and dates put into a translated sentence, each in its own <bdi>: an Arabic name in
// a Swedish sentence, or a Swedish name in an Arabic one, keeps its own direction and does not
// drag the punctuation and numbers around it into its order.
import { Fragment, type ReactNode } from "react";
import type { TFunction } from "i18next";

// Private-use characters: they never come out of a translation or a person's text.
const OPEN = "\uE000";
const CLOSE = "\uE001";

/**
 * t(key, values) with every value in `isolate` wrapped in <bdi>. The sentence comes from the
 * translation as usual; only where each value lands is marked, then cut out and isolated.
 */
export function tIsolated(
  t: TFunction,
  key: string,
  values: Record<string, string | number>,
  isolate: string[] = Object.keys(values),
): ReactNode {
  const marked: Record<string, string | number> = { ...values };
  isolate.forEach((name, n) => {
    marked[name] = `${OPEN}${n}${CLOSE}`;
  });
  const text = String(t(key, marked));
  const parts = text.split(new RegExp(`${OPEN}(\\d+)${CLOSE}`));
  return parts.map((part, n) =>
    n % 2 === 0 ? (
      <Fragment key={n}>{part}</Fragment>
    ) : (
      <bdi key={n}>{String(values[isolate[Number(part)]] ?? "")}</bdi>
    ),
  );
}
