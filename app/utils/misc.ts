// Small helpers shared by routes.

/** Throws a Response (for Remix's error boundary) when the condition does not hold. */
export function invariantResponse(
  condition: unknown,
  message: string,
  init?: ResponseInit,
): asserts condition {
  if (!condition) {
    throw new Response(message, {
      status: 400,
      ...init,
      headers: { "Content-Type": "text/plain", ...init?.headers },
    });
  }
}
