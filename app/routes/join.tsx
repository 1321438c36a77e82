// GET/POST /join: create a resident account, sign in, and mail the link that confirms the address
// (until it is followed, supports and reports are held: docs/security.md).
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, FormCard, FormErrors, Honeypot } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { JoinSchema } from "~/domain/account-schemas";
import { createResident } from "~/models/users.server";
import { sendConfirmationLink, tellOwnerOfJoinAttempt } from "~/services/email-confirmation.server";
import { redirectToUnlessSignedIn, safeRedirect, signInHeaders } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { hashPassword } from "~/utils/password.server";
import { consume, LIMITS } from "~/utils/rate-limit.server";
import { retryAfterHeaders } from "~/utils/headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = await redirectToUnlessSignedIn(request);
  const { t } = await getFixedT(request);
  return json({ title: `${t("auth.joinTitle")} – ${t("site.name")}`, redirectTo });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: JoinSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const limited = consume([[`join:ip:${context.clientIp}`, LIMITS.joinsPerAddress]]);
  if (!limited.ok) {
    return json(
      {
        result: submission.reply({
          formErrors: ["auth.tooManyAttempts"],
          hideFields: ["password"],
        }),
      },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  const { name, email, password } = submission.value;
  const { language, t } = await getFixedT(request);
  const redirectTo = safeRedirect(formData.get("redirectTo"));
  // Hash first either way, so that a taken address answers as slowly as a free one.
  const passwordHash = await hashPassword(password);
  const userId = createResident({ email, name, passwordHash, locale: language });
  if (userId === null) {
    // The address has an account. Say nothing about it here; tell its owner by e-mail.
    tellOwnerOfJoinAttempt(email, t);
  } else {
    sendConfirmationLink({ id: userId, email }, t);
  }
  // The same page for a new and a taken address ("look in your e-mail"): nobody learns here which
  // addresses have an account. The way back travels on; a new account is signed in already.
  return redirect(`/join/check-email?${new URLSearchParams({ redirectTo })}`, {
    headers: userId === null ? {} : await signInHeaders(userId),
  });
}

export default function JoinPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof JoinSchema>>({
    lastResult: actionData?.result,
    constraint: getZodConstraint(JoinSchema),
    // Validated on the server only: a field called "name" shadows HTMLFormElement.name, which
    // keeps conform's client-side validation from showing its errors. The server answers in
    // milliseconds with the same messages.
  });
  return (
    <FormCard title={t("auth.joinTitle")}>
      <p>{t("auth.joinIntro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          field={fields.name}
          label={t("auth.name")}
          hint={t("auth.nameHint")}
          autoComplete="name"
        />
        <Field field={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <Field
          field={fields.password}
          label={t("auth.password")}
          type="password"
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
        />
        <Honeypot errors={fields.website.errors} />
        <p>
          <Link to="/privacy" target="_blank">
            {t("auth.privacyNote")}
          </Link>
        </p>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.joinButton")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")}{" "}
        <Link to={`/login?${new URLSearchParams({ redirectTo })}`}>{t("auth.loginLink")}</Link>
      </p>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
