// /admin: the official-answer rule (issue 15) — N supports within D days, answered within A days.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { THRESHOLD_LIMITS, type ThresholdRule } from "~/domain/official-answers";
import { ErrorList } from "./forms";

const FIELDS = [
  { name: "supports", label: "thresholds.supports" },
  { name: "days", label: "thresholds.days" },
  { name: "answerDays", label: "thresholds.answerDays" },
] as const;

export function ThresholdsForm({
  rule,
  errors,
}: {
  rule: ThresholdRule;
  errors?: Record<string, string[] | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="thresholds-heading" className="panel">
      <h2 id="thresholds-heading">{t("thresholds.heading")}</h2>
      <p>{t("thresholds.intro")}</p>
      <Form method="post" className="stack-form">
        <input type="hidden" name="intent" value="thresholds" />
        {FIELDS.map((f) => {
          const fieldErrors = errors?.[f.name];
          const errorId = `threshold-${f.name}-error`;
          return (
            <div className="field" key={f.name}>
              <label htmlFor={`threshold-${f.name}`}>{t(f.label)}</label>
              <input
                id={`threshold-${f.name}`}
                name={f.name}
                type="number"
                min={THRESHOLD_LIMITS[f.name].min}
                max={THRESHOLD_LIMITS[f.name].max}
                defaultValue={rule[f.name]}
                required
                aria-invalid={fieldErrors?.length ? true : undefined}
                aria-describedby={fieldErrors?.length ? errorId : undefined}
              />
              <ErrorList id={errorId} errors={fieldErrors} />
            </div>
          );
        })}
        <button type="submit" className="button secondary">
          {t("thresholds.save")}
        </button>
      </Form>
    </section>
  );
}
