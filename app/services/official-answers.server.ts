// Giving an official answer (issue 15) with all its side effects: the answer, group, notifications
// and audit line (one transaction, in the model), the map index (an accepted idea shows its group's
// stage), and the e-mail to the people behind the idea who want news and have a confirmed address.
import type { TFunction } from "i18next";
import {
  thresholdProgress,
  type OfficialAnswerInput,
  type ThresholdProgress,
} from "~/domain/official-answers";
import {
  answerOfIdea,
  recordOfficialAnswer,
  thresholdOfIdea,
  type AnswerResult,
  type PublicAnswer,
  verifiedSupportCount,
} from "~/models/official-answers.server";
import { countsOnlyVerifiedSupports, getThresholdRule } from "~/models/settings.server";
import { refreshIdeas } from "~/services/map-index.server";
import { emailPeople } from "~/services/notify.server";
import { workshopIdeasChanged } from "~/services/workshop-hub.server";
import { env } from "~/utils/env.server";

export function answerIdeaAndTell(
  ideaId: number,
  answer: OfficialAnswerInput,
  actorId: number,
  t: TFunction,
): AnswerResult {
  const result = recordOfficialAnswer({ ideaId, ...answer, actorId });
  if (!result.ok) return result;
  if (result.groupId !== null) {
    refreshIdeas([ideaId]);
    workshopIdeasChanged([ideaId]);
  }
  const idea = { id: ideaId, title: result.title };
  emailPeople(
    result.told,
    t("answers.mailSubject", { idea: idea.title }),
    t("answers.mailBody", {
      idea: idea.title,
      verdict: t(`answers.verdicts.${answer.verdict}`),
      answeredFor: answer.answeredFor,
      text: answer.text,
      url: `${env().PUBLIC_URL}/ideas/${idea.id}#official-answer`,
    }),
  );
  return result;
}

export type OfficialAnswerPanel = {
  progress: ThresholdProgress;
  answer: PublicAnswer | null;
  /** only verified residents' supports count toward the threshold (an admin setting, issue 16) */
  verifiedOnly: boolean;
};

/** What an idea's page shows of the threshold and the official answer (null for a hidden one). */
export function officialAnswerPanel(
  idea: { id: number; status: string; supports: number; createdAt: string },
  now = new Date(),
): OfficialAnswerPanel | null {
  if (idea.status !== "visible") return null;
  const answer = answerOfIdea(idea.id);
  const verifiedOnly = countsOnlyVerifiedSupports();
  return {
    verifiedOnly,
    progress: thresholdProgress({
      supports: verifiedOnly ? verifiedSupportCount(idea.id) : idea.supports,
      publishedAt: idea.createdAt,
      rule: getThresholdRule(),
      reached: thresholdOfIdea(idea.id),
      answeredAt: answer?.answeredAt ?? null,
      now,
    }),
    answer,
  };
}
