// Every path that no other route answers: a 404 page in the person's language.
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";

export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** A POST to a path no route answers is a 404 too, not a 405. */
export async function action() {
  throw new Response("Not found", { status: 404 });
}
