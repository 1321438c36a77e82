// GET/POST /auth/:id/name: an e-ID sign-in whose provider gave no name asks for a display name
// before the account is made (the finished sign-in waits ten minutes, bound to this browser).
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormCard, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OidcProblem } from "~/components/OidcProblem";
import { JoinSchema } from "~/domain/account-schemas";
import { pendingOidcAccountExists } from "~/models/oidc.server";
import {
  clearOidcCookie,
  findProvider,
  finishWithName,
  readOidcCookie,
} from "~/services/oidc-sign-in.server";
import { signInHeaders } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

const DisplayNameSchema = JoinSchema.pick({ name: true });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const provider = findProvider(params.id ?? "");
  if (!provider) throw new Response("Not found", { status: 404 });
  const { t } = await getFixedT(request);
  const key = await readOidcCookie(request);
  const waiting = key !== null && pendingOidcAccountExists(key, provider.id);
  return json(
    {
      title: `${t(waiting ? "identity.nameTitle" : "identity.problems.expired.title")} – ${t("site.name")}`,
      waiting,
      label: provider.label,
    },
    { status: waiting ? 200 : 400, headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const provider = findProvider(params.id ?? "");
  if (!provider) throw new Response("Not found", { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: DisplayNameSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), expired: false }, { status: 400 });
  }
  const key = await readOidcCookie(request);
  const { language } = await getFixedT(request);
  const outcome = key ? finishWithName(provider, key, submission.value.name, language) : null;
  const headers = new Headers({ "Set-Cookie": await clearOidcCookie() });
  if (!outcome?.ok) {
    return json({ result: submission.reply(), expired: true }, { status: 400, headers });
  }
  headers.append("Set-Cookie", new Headers(await signInHeaders(outcome.userId)).get("Set-Cookie")!);
  return redirect(outcome.redirectTo, { headers });
}

export default function ChooseName() {
  const { waiting, label } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof DisplayNameSchema>>({
    lastResult: actionData?.result,
    constraint: getZodConstraint(DisplayNameSchema),
  });
  if (!waiting || actionData?.expired) return <OidcProblem problem="expired" label={label} />;
  return (
    <FormCard title={t("identity.nameTitle")}>
      <p>{t("identity.nameIntro", { provider: label })}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          field={fields.name}
          label={t("auth.name")}
          hint={t("auth.nameHint")}
          autoComplete="name"
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("identity.nameButton")}
        </button>
      </Form>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
