// Similar ideas before posting: Swedish-aware text analysis (normalisation, stop words, a light
// stemmer, synonyms and compound parts) and the score that ranks candidates by what they say and
// where they are. Pure: no database, usable in the browser. The formula is in docs/decisions/004.

// ── Normalisation and words ─────────────────────────────────────────────────────────────────────

/**
 * Lower case, with diacritics removed except å, ä and ö, which are letters of their own in Swedish
 * ("bänk" is not "bank"). "Café" becomes "cafe", "Ø" becomes "ö".
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFC")
    .replace(/[^\p{ASCII}åäö]/gu, (c) => FOLD[c] ?? c.normalize("NFD").replace(/\p{M}/gu, ""));
}
const FOLD: Record<string, string> = { ø: "ö", æ: "ä", œ: "ö", ß: "ss" };

/**
 * Common words that say nothing about what an idea is about (normalised forms): Swedish, with the
 * commonest English and Finnish ones. Also what map and list searches leave out (search-words.ts).
 */
export const SWEDISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `och att det som en ett på i för med till vid är vi jag de den du han hon man av om har hade inte
  så kan ska skulle var vara blir bli blev mer fler flera mycket många alla allt eller men när där här
  finns fanns också bara sig sin sina sitt oss våra vår vårt vore hela ut upp in från över under efter
  utan nu då sedan hur vad vilka vilken vilket ju nog lite gärna kanske måste borde behöver behövs får
  fått göra gör gjort gjorde ta tar tog få kunna kunde något några någon andra annat annan även än
  dessa denna detta dem deras min mitt mina din ditt dina samma mellan mot genom redan igen idag
  alltid aldrig ingen inga inget eftersom medan både bra stor stort större största ny nya nytt gamla
  gammal mest helt hel jätte väldigt riktigt precis typ bättre tack snälla hej idé idéer idén förslag
  förslaget tycker tror vill kommer komma sådan sådant sådana ens enda just bör därför dock samt
  sätta ställa finnas väl varje annars ska också kring runt många lika ännu vet säga sagt borås
  boråsare the and of to in is for on at with that this are was from have has not but can will our
  you all more into there which they their about että kun tai sekä joka jotka ovat oli ole myös
  kanssa mutta niin sen tämä nämä`
    .split(/\s+/)
    .map((w) => normalizeText(w)),
);

/** Words of an idea as written, normalised, without stop words and without one- and two-letter words. */
export function words(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(
      (w) => (/^\p{N}+$/u.test(w) ? w.length >= 2 : w.length >= 3) && !SWEDISH_STOP_WORDS.has(w),
    );
}

// ── A light Swedish stemmer ─────────────────────────────────────────────────────────────────────

// Inflection endings, longest first. Left out on purpose: -as, -es, -at, -ad, -t, which cut real
// word stems ("biogas", "klimat", "stad") more often than they remove an inflection, and a bare
// -na, which would cut "cykelbana" to "cykelba" (-arna, -orna, -erna, -ena cover the plurals).
// A bare genitive -s is left too: stripping it turns "sittplats" into "sittplat" but leaves
// "sittplatser" as "sittplats"; the definite genitives (-ens, -ets, -arnas …) are in the list.
// prettier-ignore
const SUFFIXES = [
  "heterna", "hetens", "arnas", "ernas", "ornas", "andes", "andet", "arens", "anden", "heten",
  "heter", "arna", "erna", "orna", "ande", "arne", "aste", "ades", "ares", "ena", "ens", "ets",
  "ers", "ars", "ors", "ern", "het", "ade", "are", "ast", "an", "en", "et", "ar", "er", "or",
  "a", "e",
];
const MIN_STEM = 3;

/**
 * Strips the longest inflection ending that leaves at least three letters: "cykelbanan",
 * "cykelbanor", "cykelbana" → "cykelban"; "solcellerna" → "solcell"; "torgets" → "torg".
 * Compounds stay whole (the trigram index and compound matching handle them).
 */
export function stemSwedish(w: string): string {
  if (w.endsWith("eln") && w.length >= 6) return w.slice(0, -1); // cykeln → cykel
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM)
      return w.slice(0, -suffix.length);
  }
  return w;
}

// ── Synonyms and compound parts ─────────────────────────────────────────────────────────────────

/**
 * Concepts residents express with different words. A word belongs to a concept fully when its stem
 * is one of the roots ("solpaneler" → solenergi), and partly when a root of four letters or more
 * begins or ends the compound ("elcykelbanan" → cykelväg, "cykelparkering" → cykel).
 */
// prettier-ignore
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  cykelväg: ["cykelväg", "cykelbana", "cykelled", "cykelstråk", "cykelstig", "cykelfält", "cykelkörfält", "cykelpendling"],
  cykel: ["cykel", "cykla", "cyklist", "cykling", "elcykel", "lådcykel"],
  cykelparkering: ["cykelparkering", "cykelställ", "cykelgarage", "cykelförråd", "cykelbur", "cykelhus", "cykelpark"],
  gångväg: ["gångväg", "gångbana", "gångstråk", "gångstig", "trottoar", "promenadväg", "gångstig"],
  bilfritt: ["gångfart", "gångfartsgata", "gågata", "bilfri", "bilfritt"],
  solenergi: ["solcell", "solpanel", "solenergi", "solel", "solkraft", "solfångare", "solcellsanläggning", "solcellspark"],
  vindkraft: ["vindkraft", "vindkraftverk", "vindsnurra", "vindpark"],
  tåg: ["tåg", "järnväg", "stambana", "pendeltåg", "tågtrafik", "tågstation", "höghastighetståg"],
  buss: ["buss", "stadsbuss", "busslinje", "busstrafik", "bussavgång", "busstur", "expressbuss"],
  avgång: ["avgång", "turtäthet", "tur", "tidtabell", "turlista"],
  hållplats: ["hållplats", "busshållplats", "busskur", "väntkur", "väderskydd"],
  kollektivtrafik: ["kollektivtrafik", "kollektivtrafiken", "lokaltrafik", "västtrafik", "närtrafik"],
  pendelparkering: ["pendelparkering", "infartsparkering", "pendlarparkering"],
  bilpool: ["bilpool", "bildelning", "delningsbil", "elbilspool", "bilkooperativ", "delbil", "hyrbil"],
  samåkning: ["samåkning", "samåka", "skjuts", "samåkningsapp"],
  laddning: ["laddstolpe", "laddstation", "laddplats", "laddbox", "laddinfrastruktur", "ladda", "laddning", "laddare"],
  hastighet: ["hastighet", "fart", "fartgräns", "hastighetsgräns", "farthinder", "fartgupp", "gupp", "hastighetsbegränsning", "trafiksäkerhet"],
  bänk: ["bänk", "sittbänk", "parkbänk", "sittplats", "soffa", "sittyta", "sittgrupp"],
  träd: ["träd", "trädrad", "allé", "lövträd", "grönska"],
  skugga: ["skugga", "skuggig", "parasoll", "solsegel", "skuggtak"],
  belysning: ["belysning", "belysa", "belyst", "gatlykta", "gatubelysning", "lykta", "lampa", "armatur", "upplyst", "mörker", "mörk", "mörkt"],
  reparation: ["reparation", "reparera", "reparationskafé", "lagning", "lagningsverkstad", "fixotek", "fixa", "lagningskafé", "repair"],
  återbruk: ["återbruk", "återanvändning", "återanvända", "begagnad", "secondhand", "cirkulär"],
  byte: ["bytesdag", "klädbyte", "byta", "bytardag", "klädbytardag", "swap"],
  kläder: ["kläder", "klädesplagg", "plagg", "textil", "klädbyte"],
  odling: ["odling", "odla", "odlingslåda", "pallkrage", "stadsodling", "kolonilott", "grönsak", "köksträdgård"],
  matsvinn: ["matsvinn", "svinn", "slängd", "matrester", "överbliven"],
  trä: ["trä", "trähus", "träbyggnad", "träbyggande", "massivträ", "trästomme", "korslimmat"],
  isolering: ["isolering", "isolera", "tilläggsisolera", "tilläggsisolering", "energirenovering", "energirenovera", "energieffektivisering", "fönsterbyte"],
  renovering: ["renovering", "renovera", "rusta", "upprustning", "ombyggnad"],
  tak: ["tak", "hustak", "takyta"],
  gröntak: ["sedum", "sedumtak", "växttak", "gröntak"],
  dagvatten: ["dagvatten", "regnvatten", "regnbädd", "skyfall", "översvämning", "svämma", "regnrabatt"],
  biogas: ["biogas", "biobränsle", "biometan"],
  plast: ["plast", "engångsplast", "plastförpackning"],
  möte: ["möte", "träff", "samtal", "dialog", "workshop", "kafé", "café"],
  skola: ["skola", "skolgård", "skolväg", "förskola", "elev", "skolbarn"],
};

type ConceptKind = "full" | "part";

const MIN_PART_ROOT = 4;
/** Stemmed roots → concept ids; a root may belong to more than one concept. */
const ROOTS: ReadonlyMap<string, readonly string[]> = (() => {
  const roots = new Map<string, string[]>();
  for (const [concept, list] of Object.entries(CONCEPTS)) {
    for (const root of list) {
      const stem = stemSwedish(normalizeText(root));
      roots.set(stem, [...(roots.get(stem) ?? []), concept]);
    }
  }
  return roots;
})();
const PART_ROOTS = [...ROOTS.keys()].filter((r) => r.length >= MIN_PART_ROOT);

// ── Terms ───────────────────────────────────────────────────────────────────────────────────────

export type Term = {
  stem: string;
  /** concept id → whether the word is the concept itself or a compound containing it */
  concepts: ReadonlyMap<string, ConceptKind>;
};

const termCache = new Map<string, Term>();
const TERM_CACHE_LIMIT = 50_000;

/** The stem of a (normalised, non-stop) word and the concepts it expresses. Memoised. */
export function termOf(word: string): Term {
  let term = termCache.get(word);
  if (term) return term;
  const stem = stemSwedish(word);
  const concepts = new Map<string, ConceptKind>();
  for (const c of ROOTS.get(stem) ?? []) concepts.set(c, "full");
  if (stem.length > MIN_PART_ROOT) {
    for (const root of PART_ROOTS) {
      if (root.length < stem.length && (stem.startsWith(root) || stem.endsWith(root))) {
        for (const c of ROOTS.get(root)!) if (!concepts.has(c)) concepts.set(c, "part");
      }
    }
  }
  term = { stem, concepts };
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, term);
  return term;
}

/**
 * How alike two terms are, 0..1:
 * same stem 1; synonyms (a concept both express fully) 0.9; a compound and its part
 * ("gångcykelbana" ~ "cykelväg") 0.7; two compounds sharing a part 0.35; one stem beginning or
 * ending the other (four letters or more) 0.6; a common beginning of five letters or more
 * 0.25–0.5, growing with its share of the longer word.
 */
export function termSimilarity(a: Term, b: Term): number {
  if (a.stem === b.stem) return 1;
  let best = 0;
  for (const [concept, kindA] of a.concepts) {
    const kindB = b.concepts.get(concept);
    if (!kindB) continue;
    const s =
      kindA === "full" && kindB === "full"
        ? 0.9
        : kindA === "full" || kindB === "full"
          ? 0.7
          : 0.35;
    if (s > best) best = s;
  }
  if (best >= 0.7) return best;
  const [short, long] = a.stem.length <= b.stem.length ? [a.stem, b.stem] : [b.stem, a.stem];
  if (short.length >= 4 && (long.startsWith(short) || long.endsWith(short)))
    return Math.max(best, 0.6);
  let p = 0;
  while (p < short.length && short.charCodeAt(p) === long.charCodeAt(p)) p++;
  if (p >= 5) best = Math.max(best, 0.25 + (0.25 * p) / long.length);
  return best;
}

/** A text as the distinct terms it contains, in order of first appearance. */
export type AnalyzedText = {
  terms: readonly Term[];
  stems: ReadonlySet<string>;
};

/** Long texts are cut to their first terms: enough to recognise a duplicate, and bounded work. */
export const MAX_TERMS_PER_TEXT = 80;

export function analyzeText(text: string, maxTerms = MAX_TERMS_PER_TEXT): AnalyzedText {
  const terms: Term[] = [];
  const stems = new Set<string>();
  for (const word of words(text)) {
    const term = termOf(word);
    if (stems.has(term.stem)) continue;
    stems.add(term.stem);
    terms.push(term);
    if (terms.length >= maxTerms) break;
  }
  return { terms, stems };
}

// ── Search terms for the full-text index ────────────────────────────────────────────────────────

/**
 * Each term costs the trigram index a look-up of all its trigrams' lists, ~0.8 ms apiece at 100,000
 * ideas: the first stems of the text (the title's come first) and a few roots of its concepts are
 * enough to gather candidates; the ranking then reads the whole text.
 */
export const MAX_SEARCH_TERMS = 14;
/** Of MAX_SEARCH_TERMS, this many are kept for the roots of concepts ("solpaneler" → "solcell"). */
const CONCEPT_SEARCH_TERMS = 5;

/**
 * Terms to retrieve candidates with: the typed text's stems (which, through the trigram index,
 * match every inflection and every compound that contains them) and the roots of the concepts the
 * text expresses fully (so "solpaneler" also finds "solceller"). Each has three characters or more,
 * as trigram matching needs. Plain letters and digits only: never any query syntax.
 */
export function searchTerms(text: string): string[] {
  const { terms } = analyzeText(text);
  const out = new Set<string>();
  for (const t of terms) {
    if (out.size >= MAX_SEARCH_TERMS - CONCEPT_SEARCH_TERMS) break;
    if ([...t.stem].length >= 3) out.add(t.stem);
  }
  for (const t of terms) {
    for (const [concept, kind] of t.concepts) {
      if (kind !== "full") continue;
      for (const root of CONCEPTS[concept]) {
        if (out.size >= MAX_SEARCH_TERMS) return [...out];
        const stem = stemSwedish(normalizeText(root));
        if ([...stem].length >= 3) out.add(stem);
      }
    }
  }
  return [...out];
}

// ── Scoring ─────────────────────────────────────────────────────────────────────────────────────

/** Words in an idea's title count this many times as much as words in its body. */
export const TITLE_WEIGHT = 2;
/** Distance at which the place factor has fallen to 1/e of the way from 1 to its floor. */
export const DISTANCE_SCALE_METERS = 1500;
/** What an idea far away keeps of its text score: a city-wide wish is still a duplicate elsewhere. */
export const DISTANCE_FLOOR = 0.5;
/** Below this, a candidate says something else and is not shown. */
export const MIN_SCORE = 0.12;

/** Corpus statistics over the candidates: in how many of them each stem occurs. */
export type TermStatistics = { documents: number; frequency: ReadonlyMap<string, number> };

/** Rarer words weigh more: idf smoothed so that a handful of candidates does not exaggerate it. */
export function termWeight(stem: string, stats: TermStatistics): number {
  const df = stats.frequency.get(stem) ?? 0;
  return Math.log(1 + (stats.documents + 10) / (df + 1));
}

/** An idea prepared for scoring: its title and body analysed. */
export type AnalyzedIdea = { title: AnalyzedText; body: AnalyzedText };

export function analyzeIdea(title: string, body: string): AnalyzedIdea {
  const t = analyzeText(title);
  // Body terms already in the title are counted once, as title terms.
  const b = analyzeText(body);
  const bodyTerms = b.terms.filter((term) => !t.stems.has(term.stem));
  return { title: t, body: { terms: bodyTerms, stems: new Set(bodyTerms.map((x) => x.stem)) } };
}

export function termStatistics(ideas: readonly AnalyzedIdea[]): TermStatistics {
  const frequency = new Map<string, number>();
  for (const idea of ideas) {
    for (const stem of idea.title.stems) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
    for (const stem of idea.body.stems) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  }
  return { documents: ideas.length, frequency };
}

/** Indexes a term list by the first and the last four letters of each stem, for fast near matches. */
class TermIndex {
  private readonly exact = new Set<string>();
  private readonly byConcept = new Map<string, Term[]>();
  private readonly byHead = new Map<string, Term[]>();
  private readonly byTail = new Map<string, Term[]>();
  constructor(terms: readonly Term[]) {
    for (const t of terms) {
      this.exact.add(t.stem);
      for (const c of t.concepts.keys()) push(this.byConcept, c, t);
      push(this.byHead, t.stem.slice(0, 4), t);
      push(this.byTail, t.stem.slice(-4), t);
    }
  }
  /** The best termSimilarity of `t` to any indexed term (only terms that could score are compared). */
  bestMatch(t: Term): number {
    if (this.exact.has(t.stem)) return 1;
    let best = 0;
    for (const c of t.concepts.keys()) best = bestIn(t, this.byConcept.get(c), best);
    best = bestIn(t, this.byHead.get(t.stem.slice(0, 4)), best);
    return bestIn(t, this.byTail.get(t.stem.slice(-4)), best);
  }
}
/** The higher of `best` and t's best similarity in the list (a plain loop: this is hot). */
function bestIn(t: Term, list: readonly Term[] | undefined, best: number): number {
  if (list) for (const other of list) best = Math.max(best, termSimilarity(t, other));
  return best;
}
const indexes = new WeakMap<AnalyzedText, TermIndex>();
function indexOf(text: AnalyzedText): TermIndex {
  let index = indexes.get(text);
  if (!index) indexes.set(text, (index = new TermIndex(text.terms)));
  return index;
}
function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Text similarity, 0..1: a soft, weighted Dice coefficient. Each typed term counts with its best
 * match anywhere in the idea, each of the idea's terms with its best match in the typed text; terms
 * weigh by idf over the candidates, and the idea's title terms TITLE_WEIGHT times:
 *
 *   text = (Σ_q w_q·m(q, idea) + Σ_d w_d·τ_d·m(d, typed)) / (Σ_q w_q + Σ_d w_d·τ_d)
 *
 * Identical texts score 1, texts with no related word 0.
 */
export function textSimilarity(
  typed: AnalyzedText,
  idea: AnalyzedIdea,
  stats: TermStatistics,
): number {
  return softDice(typed, idea, new TermIndex([...idea.title.terms, ...idea.body.terms]), stats);
}

function softDice(
  typed: AnalyzedText,
  idea: AnalyzedIdea,
  ideaIndex: TermIndex,
  stats: TermStatistics,
): number {
  const typedIndex = indexOf(typed);
  let matched = 0;
  let total = 0;
  for (const q of typed.terms) {
    const w = termWeight(q.stem, stats);
    matched += w * ideaIndex.bestMatch(q);
    total += w;
  }
  for (const [terms, tau] of [
    [idea.title.terms, TITLE_WEIGHT],
    [idea.body.terms, 1],
  ] as const) {
    for (const d of terms) {
      const w = termWeight(d.stem, stats) * tau;
      matched += w * typedIndex.bestMatch(d);
      total += w;
    }
  }
  return total === 0 ? 0 : matched / total;
}

/** The place factor: 1 on the spot, falling towards DISTANCE_FLOOR; 1 when no place is known. */
export function placeFactor(distanceMeters: number | null): number {
  if (distanceMeters === null) return 1;
  return (
    DISTANCE_FLOOR +
    (1 - DISTANCE_FLOOR) * Math.exp(-Math.max(0, distanceMeters) / DISTANCE_SCALE_METERS)
  );
}

/**
 * The score shown to a resident, 0..1: score = text × (0.5 + 0.5·e^(−d/1500 m)).
 * The same wish 8 km away keeps half its score; an unrelated idea next door stays near 0.
 */
export function similarityScore(text: number, distanceMeters: number | null): number {
  return Math.min(1, Math.max(0, text)) * placeFactor(distanceMeters);
}

export type SimilarityCandidate = {
  id: number;
  title: string;
  body: string;
  /** null when the resident has not placed a pin */
  distanceMeters: number | null;
};

export type RankedIdea = {
  id: number;
  title: string;
  distanceMeters: number | null;
  score: number;
  text: number;
};

/** Ranks candidates for a typed text, best first, dropping those under `minScore`. */
export function rankSimilarIdeas(
  typedText: string,
  candidates: readonly SimilarityCandidate[],
  options: {
    limit?: number;
    minScore?: number;
    /** how a candidate is analysed (the caller may remember analyses); analyzeIdea otherwise */
    analyze?: (candidate: SimilarityCandidate) => AnalyzedIdea;
  } = {},
): RankedIdea[] {
  const typed = analyzeText(typedText);
  if (typed.terms.length === 0 || candidates.length === 0) return [];
  const analyze = options.analyze ?? ((c: SimilarityCandidate) => analyzeIdea(c.title, c.body));
  const analyzed = candidates.map(analyze);
  const stats = termStatistics(analyzed);
  const minScore = options.minScore ?? MIN_SCORE;
  return candidates
    .map((c, n) => {
      const text = textSimilarity(typed, analyzed[n], stats);
      return {
        id: c.id,
        title: c.title,
        distanceMeters: c.distanceMeters,
        text,
        score: similarityScore(text, c.distanceMeters),
      };
    })
    .filter((r) => r.score >= minScore)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, options.limit ?? 10);
}

// ── Idea to idea: moderators' duplicate and group suggestions (docs/decisions/007) ────────────

/** An idea analysed both ways: as a text someone typed (title and body) and as a scored idea. */
export type PreparedIdea = { text: AnalyzedText; idea: AnalyzedIdea };

export function prepareIdea(title: string, body: string): PreparedIdea {
  return { text: analyzeText(`${title}\n${body}`), idea: analyzeIdea(title, body) };
}

const ideaIndexes = new WeakMap<AnalyzedIdea, TermIndex>();
function ideaIndexOf(idea: AnalyzedIdea): TermIndex {
  let index = ideaIndexes.get(idea);
  if (!index)
    ideaIndexes.set(idea, (index = new TermIndex([...idea.title.terms, ...idea.body.terms])));
  return index;
}

/**
 * How alike two ideas' texts are, 0..1: the residents' text similarity taken both ways (each idea
 * as the typed text against the other) and averaged, so that the answer does not depend on order.
 * Same values as textSimilarity; the analyses are indexed once, for clustering many ideas.
 */
export function ideaTextSimilarity(a: PreparedIdea, b: PreparedIdea, stats: TermStatistics) {
  const aToB = softDice(a.text, b.idea, ideaIndexOf(b.idea), stats);
  const bToA = softDice(b.text, a.idea, ideaIndexOf(a.idea), stats);
  return { aToB, bToA, text: (aToB + bToA) / 2 };
}

/**
 * What two texts have in common, rarest first: stems both use, and pairs of different stems that
 * mean the same or one contains the other (a synonym or a compound part, similarity ≥ 0.6).
 */
export function sharedTerms(
  a: AnalyzedText,
  b: AnalyzedText,
  stats: TermStatistics,
): { same: string[]; related: [string, string][] } {
  const byWeight = (x: string, y: string) => termWeight(y, stats) - termWeight(x, stats);
  const same = [...a.stems].filter((stem) => b.stems.has(stem)).sort(byWeight);
  const related: [string, string][] = [];
  for (const ta of a.terms) {
    if (b.stems.has(ta.stem)) continue;
    let best: Term | null = null;
    let bestScore = 0.6;
    for (const tb of b.terms) {
      if (a.stems.has(tb.stem)) continue;
      const s = termSimilarity(ta, tb);
      if (s >= bestScore) [best, bestScore] = [tb, s];
    }
    if (best) related.push([ta.stem, best.stem]);
  }
  related.sort((x, y) => byWeight(x[0], y[0]));
  return { same, related };
}
