// Plain text with web addresses made into links: no other markup is ever interpreted.
import { Fragment } from "react";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/giu;

export function Linkified({ text }: { text: string }) {
  const parts: (string | { href: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ href: match[0] });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, n) =>
        typeof part === "string" ? (
          <Fragment key={n}>{part}</Fragment>
        ) : (
          <a key={n} href={part.href} rel="nofollow ugc noopener noreferrer">
            {part.href}
          </a>
        ),
      )}
    </>
  );
}
