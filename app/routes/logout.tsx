// POST /logout: signs out (GET changes nothing and goes home).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/utils/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const everywhere = formData.get("everywhere") === "yes";
  return redirect("/", { headers: await signOut(request, { everywhere }) });
}
