// GET /me/export: all my personal data as a JSON download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportUserData } from "~/models/me.server";
import { identitiesOf, verificationOf } from "~/models/oidc.server";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const date = new Date().toISOString().slice(0, 10);
  // The e-ID and staff sign-ins linked to the account (provider, kind, level, dates; issue 16).
  const data = {
    ...exportUserData(user.id),
    signInIdentities: identitiesOf(user.id),
    verification: verificationOf(user.id),
  };
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="samskapa-boras-my-data-${date}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
