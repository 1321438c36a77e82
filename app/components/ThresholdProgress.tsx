// An idea's way to an official answer (issue 15): supports gathered toward the threshold and the
// days left, or the deadline of the answer it is due (overdue marked) — in words, with a <progress>.
import { useTranslation } from "react-i18next";
import { boråsDay, type ThresholdProgress as Progress } from "~/domain/official-answers";
import { formatNumber } from "./format";

export function ThresholdProgress({
  progress,
  verifiedOnly = false,
}: {
  progress: Progress;
  /** only verified residents' supports count (an admin setting) */
  verifiedOnly?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => formatNumber(n, i18n.language);
  switch (progress.state) {
    case "collecting": {
      const text = t("thresholds.progress", {
        supports: number(progress.supports),
        target: number(progress.target),
        count: progress.daysLeft,
      });
      return (
        <div className="threshold-progress" data-state="collecting">
          <p id="threshold-progress-text">{text}</p>
          <progress
            value={Math.min(progress.supports, progress.target)}
            max={progress.target}
            aria-labelledby="threshold-progress-text"
          >
            {text}
          </progress>
          <p className="field-hint">
            {t("thresholds.explain", { target: number(progress.target) })}
            {verifiedOnly ? ` ${t("thresholds.verifiedOnly")}` : null}
          </p>
        </div>
      );
    }
    case "closed":
      return (
        <p className="threshold-progress" data-state="closed">
          {t("thresholds.closed", {
            supports: number(progress.supports),
            target: number(progress.target),
          })}
        </p>
      );
    case "due":
      return progress.overdue ? (
        <p className="threshold-progress notice notice-error" data-state="overdue">
          <strong>{t("answers.overdue")}</strong>{" "}
          {t("thresholds.overdue", { date: boråsDay(progress.dueAt) })}
        </p>
      ) : (
        <p className="threshold-progress" data-state="due">
          {t("thresholds.due", { date: boråsDay(progress.dueAt) })}
        </p>
      );
    case "answered":
      return null;
  }
}
