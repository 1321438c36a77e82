// GET/POST /login: sign in with e-mail and password; back to a same-site redirectTo afterwards.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormCard, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { LoginSchema } from "~/domain/account-schemas";
import { signInProviders } from "~/services/oidc-sign-in.server";
import {
  redirectToUnlessSignedIn,
  safeRedirect,
  signInHeaders,
  verifyLogin,
} from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { LIMITS, recordHit, retryAfter } from "~/utils/rate-limit.server";
import { retryAfterHeaders } from "~/utils/headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = await redirectToUnlessSignedIn(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("auth.loginTitle")} – ${t("site.name")}`,
    redirectTo,
    providers: signInProviders(),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password } = submission.value;
  // Failures count per account *from one address*: guesses from elsewhere cannot lock the owner
  // out. The address as a whole is bounded loosely (a school or a venue shares one). The answer
  // while limited is the same for an account that exists and one that does not.
  const accountKey = `login-fail:account:${email.toLowerCase()}|ip:${context.clientIp}`;
  const addressKey = `login-fail:ip:${context.clientIp}`;
  const wait = Math.max(
    retryAfter(accountKey, LIMITS.loginFailuresPerAccount),
    retryAfter(addressKey, LIMITS.loginFailuresPerAddress),
  );
  if (wait > 0) {
    return json(
      {
        result: submission.reply({
          formErrors: ["auth.tooManyAttempts"],
          hideFields: ["password"],
        }),
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const user = await verifyLogin(email, password);
  if (!user) {
    recordHit(accountKey);
    recordHit(addressKey);
    // One message for an unknown address and a wrong password: no one learns which accounts exist.
    return json(
      {
        result: submission.reply({
          formErrors: ["auth.wrongCredentials"],
          hideFields: ["password"],
        }),
      },
      { status: 400 },
    );
  }
  return redirect(safeRedirect(submission.value.redirectTo), {
    headers: await signInHeaders(user.id),
  });
}

export default function LoginPage() {
  const { redirectTo, providers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  return (
    <FormCard title={t("auth.loginTitle")}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field field={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <Field
          field={fields.password}
          label={t("auth.password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.loginButton")}
        </button>
      </Form>
      {providers.length ? (
        <section aria-labelledby="other-sign-in" className="other-sign-in">
          <h2 id="other-sign-in">{t("identity.otherWays")}</h2>
          <ul className="plain-list">
            {providers.map((p) => (
              <li key={p.id}>
                {/* A plain link: the browser itself goes on to the provider (a GET navigation,
                    which the CSP's form-action does not govern). */}
                <a
                  className="button secondary"
                  href={`/auth/${p.id}?${new URLSearchParams({ redirectTo })}`}
                >
                  {t(p.kind === "e-id" ? "identity.signInEId" : "identity.signInStaff", {
                    provider: p.label,
                  })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
      </p>
      <p>
        {t("auth.noAccount")}{" "}
        <Link to={`/join?${new URLSearchParams({ redirectTo })}`}>{t("auth.joinLink")}</Link>
      </p>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
