// The workshop timer as the room sees it, on the projector and on the phones. The clock starts
// only in the browser: the server's "now" is not the browser's, and a time drawn on the server
// would differ from the first one drawn in the browser (a hydration error).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/** The current time, ticking every second; null until the page runs in the browser. */
export function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  return now;
}

export function secondsLeft(endsAt: string, now: number): number {
  return Math.max(0, Math.round((new Date(endsAt).getTime() - now) / 1000));
}

export const minutesAndSeconds = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/**
 * The timer with its label (the exercise the room is asked to do). `variant` "screen" is the
 * projector's large type; "phone" says "3:20 left" in the person's language.
 */
export function Countdown({
  timer,
  now,
  variant,
}: {
  timer: { endsAt: string; label: string };
  now: number | null;
  variant: "screen" | "phone";
}) {
  const { t } = useTranslation();
  const time = now === null ? null : minutesAndSeconds(secondsLeft(timer.endsAt, now));
  if (variant === "screen") {
    return (
      <p className="screen-timer" role="timer" aria-live="off">
        {timer.label ? <span dir="auto">{timer.label}</span> : null}
        <strong>{time ?? "\u00a0"}</strong>
      </p>
    );
  }
  return (
    <div className="phone-timer panel">
      {timer.label ? (
        <p className="phone-timer-label" dir="auto">
          {timer.label}
        </p>
      ) : null}
      <p role="timer" aria-live="off">
        <strong>{time === null ? "\u00a0" : t("workshop.timeLeft", { time })}</strong>
      </p>
    </div>
  );
}
