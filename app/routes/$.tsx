// Every path that no other route answers: a 404 page in the person's language.
import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import type { loader as rootLoader } from "~/root";

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const root = matches.find((m) => m.id === "root")?.data;
  return [
    {
      title: `${root?.titles.errors.notFound ?? "Sidan finns inte"} – ${root?.titles.site ?? "Samskapa Borås"}`,
    },
  ];
};

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
