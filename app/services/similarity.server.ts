// Similar ideas before posting: gathers candidates by words and by place, ranks them with the pure
// score in domain/similarity (text similarity and distance together; docs/decisions/004).
import { distanceMeters } from "~/domain/geo";
import { analyzeIdea, rankSimilarIdeas, searchTerms, type AnalyzedIdea } from "~/domain/similarity";
import {
  visibleIdeasMatchingAnyTerm,
  visibleIdeasNear,
  type SimilarIdeaCandidate,
} from "~/models/similar-ideas.server";

/** Candidates retrieved by bm25 over the typed words. */
export const TEXT_CANDIDATES = 100;
/** Ideas this close are candidates whatever their words, so that other wording can still score. */
export const NEARBY_RADIUS_METERS = 1500;
export const NEARBY_CANDIDATES = 50;
export const MAX_SIMILAR_IDEAS = 10;

export type SimilarIdea = {
  id: number;
  title: string;
  distanceMeters: number | null;
  score: number;
};

export type SimilarIdeasInput = {
  text: string;
  lat?: number;
  lng?: number;
  /** the idea being edited, which should not be offered as its own duplicate */
  excludeId?: number;
  limit?: number;
};

/** Ideas analysed lately (stems, concepts), as long as their title and body are the same. */
const ANALYSES_KEPT = 5000;
const analyses = new Map<number, { title: string; body: string; analyzed: AnalyzedIdea }>();

/**
 * Analysing a candidate's words is half of a look-up's time (~3.7 ms for 150 candidates at 100,000
 * ideas), and the same ideas come back as candidates while a person types on, and for everyone who
 * writes about the same thing: the analysis is kept, and made again when the text was edited.
 */
function rememberedAnalysis(candidate: { id: number; title: string; body: string }): AnalyzedIdea {
  const kept = analyses.get(candidate.id);
  if (kept && kept.title === candidate.title && kept.body === candidate.body) {
    analyses.delete(candidate.id); // most recently used last
    analyses.set(candidate.id, kept);
    return kept.analyzed;
  }
  const analyzed = analyzeIdea(candidate.title, candidate.body);
  analyses.delete(candidate.id);
  analyses.set(candidate.id, { title: candidate.title, body: candidate.body, analyzed });
  if (analyses.size > ANALYSES_KEPT) analyses.delete(analyses.keys().next().value as number);
  return analyzed;
}

/** The look-up itself, on this thread (the server calls it through findSimilarIdeas, in a worker). */
export function similarIdeas(input: SimilarIdeasInput): SimilarIdea[] {
  const limit = Math.max(0, Math.min(input.limit ?? MAX_SIMILAR_IDEAS, MAX_SIMILAR_IDEAS));
  const terms = searchTerms(input.text);
  if (terms.length === 0 || limit === 0) return [];
  const place =
    input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : null;

  const candidates = new Map<number, SimilarIdeaCandidate>();
  for (const idea of visibleIdeasMatchingAnyTerm(terms, {
    limit: TEXT_CANDIDATES,
    excludeId: input.excludeId,
  })) {
    candidates.set(idea.id, idea);
  }
  if (place) {
    const near = visibleIdeasNear(place, {
      radiusMeters: NEARBY_RADIUS_METERS,
      limit: NEARBY_CANDIDATES,
      excludeId: input.excludeId,
    });
    for (const idea of near) candidates.set(idea.id, idea);
  }

  const ranked = rankSimilarIdeas(
    input.text,
    [...candidates.values()].map((c) => ({
      id: c.id,
      title: c.title,
      body: c.body,
      distanceMeters: place ? distanceMeters(place, c) : null,
    })),
    { limit, analyze: rememberedAnalysis },
  );
  return ranked.map((r) => ({
    id: r.id,
    title: r.title,
    distanceMeters: r.distanceMeters === null ? null : Math.round(r.distanceMeters),
    score: Math.round(r.score * 1000) / 1000,
  }));
}
