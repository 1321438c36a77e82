// The sentence a notification says — who did what, to which idea, at which stage — the same on
// /me/notifications and in the e-mail. Pure: it takes the translate function of the reader.
type Translate = (key: string, values?: Record<string, unknown>) => string;

export type NotificationFacts = {
  kind: string;
  ideaTitle: string | null;
  actorName: string | null;
  stage: string | null;
};

// Names and titles are isolated (U+2068 … U+2069, the plain-text <bdi>) so that an Arabic name in
// a Swedish sentence, or the other way round, keeps the sentence's order.
export const isolate = (text: string) => `\u2068${text}\u2069`;

export function notificationLine(t: Translate, n: NotificationFacts): string {
  // The action portfolio's kind keeps its words with the rest of the portfolio's (locales "actions").
  const key = n.kind === "action-update" ? "actions.notification" : `notifications.kinds.${n.kind}`;
  return t(key, {
    idea: isolate(n.ideaTitle ?? t("notifications.removedIdea")),
    actor: isolate(n.actorName ?? t("notifications.formerParticipant")),
    stage: n.stage ? t(`stages.${n.stage}`) : t("notifications.unknownStage"),
  });
}
