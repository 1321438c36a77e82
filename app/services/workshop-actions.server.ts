// What happens when the room or the facilitator acts: the database change, then the events.
import type { FocusArea } from "~/domain/focus-areas";
import {
  changeWorkshop,
  placeDot,
  postWorkshopIdea,
  removeDot,
  workshopIdeaIds,
  type Workshop,
  type WorkshopChange,
  type WorkshopIdeaAuthor,
  type WorkshopIdeaInput,
} from "~/models/workshops.server";
import { refreshIdeas } from "./map-index.server";
import { publish, publishIdea, publishState } from "./workshop-hub.server";

/**
 * An idea from the room (or the facilitator's sticky note, credited to the workshop): on the
 * screens at once unless a freeze holds it or pre-moderation makes it wait for a moderator (the
 * hub shows it when it is approved).
 */
export function addWorkshopIdea(
  workshop: Workshop,
  author: WorkshopIdeaAuthor,
  idea: Omit<WorkshopIdeaInput, "focusArea"> & { focusArea?: FocusArea },
) {
  const posted = postWorkshopIdea(workshop, author, {
    ...idea,
    focusArea: idea.focusArea ?? workshop.focusArea ?? "co-creation",
  });
  if (!posted.held && !posted.waiting) publishIdea(workshop.id, posted.ideaId);
  if (workshop.publish === "immediately" && !posted.waiting) refreshIdeas([posted.ideaId]);
  return posted;
}

export function dot(workshop: Workshop, participantId: number, ideaId: number, add: boolean) {
  const result = add
    ? placeDot(workshop, participantId, ideaId)
    : removeDot(workshop, participantId, ideaId);
  if (result.ok) publish(workshop.id, "dot", { ideaId, dots: result.dots });
  return result;
}

export function controlWorkshop(workshop: Workshop, change: WorkshopChange, actorId: number) {
  changeWorkshop(workshop.id, change, actorId);
  if (change.kind === "spotlight") publish(workshop.id, "spotlight", { ideaId: change.ideaId });
  else publishState(workshop.id);
  if (change.kind === "close") refreshIdeas(workshopIdeaIds(workshop.id));
  if (change.kind === "hide") refreshIdeas([change.ideaId]);
}
