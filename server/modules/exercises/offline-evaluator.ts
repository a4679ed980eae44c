import type { CriterionScore } from '../../../contracts/exercises.js';
import { encodeReason } from '../../../contracts/failure-reasons.js';
import type { EvaluationJob, Verdict } from './evaluation.js';
import { learnerText, overallScore } from './evaluation.js';
import { normaliseForMatching } from './text-normalise.js';

export const OFFLINE_EVALUATOR_MODEL = 'offline-evaluator';
/** Part of every calibration fingerprint: a change of this algorithm makes old calibrations stale. */
export const OFFLINE_ALGORITHM_VERSION = 'char-tfidf-knn-1';

/**
 * The offline evaluator (ADR 0035): it compares the learner's words with the trainer's own scored
 * examples and model answer, never with the rubric's words. Each text becomes a vector of character
 * n-grams (3–5 letters inside words, TF-IDF weighted), which tolerates inflections, typos and
 * shared roots across English and Spanish. A criterion's estimate is the similarity-weighted mean of
 * the trainer's scores of the k most similar examples, with a zero-scored "nothing like any example"
 * anchor, so text unlike every example (off topic, an instruction to the grader) scores near 0. Text
 * that resembles the rubric more than any example (the rubric pasted back, negated or listed) and
 * text that is not prose (a keyword list) are penalised. It proposes no verdict: `passed` is null.
 */

/** How many nearest examples vote on a criterion. */
const K = 3;
/** The similarity of the zero anchor: an answer less like every example than this scores about 0. */
const ZERO_ANCHOR_SIMILARITY = 0.12;
/** Similarity to the rubric beyond which text counts as restating it (scaled penalty up to +0.25). */
const RUBRIC_ECHO_START = 0.3;
const RUBRIC_ECHO_FULL = 0.55;
/** Share of function words under which text is a list of words, not sentences. */
const PROSE_FUNCTION_WORDS = 0.22;
/** Answers shorter than this many words are scaled down (nobody shows a skill in five words). */
const SUBSTANTIAL_WORDS = 12;
/** How much a difference in length lowers a neighbour's say (per factor e of length ratio). */
const LENGTH_SENSITIVITY = 0.5;
/** Nearest-example similarity under which the answer is unlike anything scored, and over which it is plainly on task. */
const OFF_TASK_SIMILARITY = 0.15;
const ON_TASK_SIMILARITY = 0.3;
/** Votes are weighted by similarity to this power: the nearest examples count most. */
const SHARPNESS = 3;

/** Function words of English and Spanish: their share tells prose from a keyword list. */
const FUNCTION_WORDS = new Set(
  `a an and are as at be been but by can could do does for from had has have how i if in into is it its me my of on or our
  so than that the their them then there these they this to too us was we were what when where which who will with would you
  your not no all any each should must please about after before only also just very
  el la los las un una unos unas y o u de del al a en con por para que se su sus es son como pero si no lo le les mi me te tu
  nos este esta estos estas ese esa eso mas muy ya cuando donde quien cual hay ha han he fue ser estar sin sobre entre hasta
  desde porque cada tambien solo`.split(/\s+/),
);

type Vector = Map<string, number>;

function words(text: string): string[] {
  return normaliseForMatching(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

function grams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text)) {
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) {
        const g = padded.slice(i, i + n);
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** TF-IDF vectors (sublinear term frequency, smoothed IDF over the documents given), L2-normalised. */
function vectorise(documents: string[]): Vector[] {
  const counted = documents.map(grams);
  const df = new Map<string, number>();
  for (const doc of counted) for (const g of doc.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = documents.length;
  return counted.map((doc) => {
    const v: Vector = new Map();
    let norm = 0;
    for (const [g, tf] of doc) {
      const w = (1 + Math.log(tf)) * (Math.log((1 + n) / (1 + (df.get(g) ?? 0))) + 1);
      v.set(g, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [g, w] of v) v.set(g, w / norm);
    return v;
  });
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [g, w] of small) dot += w * (large.get(g) ?? 0);
  return dot;
}

/** Sentences of the learner's text, verbatim, so a quote from one is a quote of their words. */
function sentences(text: string): string[] {
  return (text.match(/[^.!?\n]+[.!?]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The share of function words: about 0.35–0.5 in prose, near 0 in a keyword list. */
export function proseShare(text: string): number {
  const all = words(text);
  if (all.length === 0) return 0;
  return all.filter((w) => FUNCTION_WORDS.has(w)).length / all.length;
}

interface Anchor {
  vector: Vector;
  words: number;
  scoreFor: (criterionId: string) => number | undefined;
}

/** Neighbours of very different length say less: a one-liner is not judged by a full answer's score. */
const lengthAffinity = (a: number, b: number): number => Math.exp(-LENGTH_SENSITIVITY * Math.abs(Math.log(Math.max(1, a) / Math.max(1, b))));

export function evaluateOffline(job: EvaluationJob): Verdict {
  const text = learnerText(job);
  const exemplars = job.exemplars ?? [];
  const reference = (job.referenceAnswer ?? '').trim();
  const rubricText = job.rubric.map((c) => `${c.title}. ${c.description}`).join('\n');
  const parts = sentences(text);
  const docs = [text, rubricText, ...job.rubric.map((c) => `${c.title}. ${c.description}`), ...exemplars.map((e) => e.text), ...(reference ? [reference] : []), ...parts];
  const vectors = vectorise(docs);
  const at = (i: number): Vector => vectors[i] ?? new Map();
  const answer = at(0);
  const rubricVector = at(1);
  const criterionVectors = job.rubric.map((_, i) => at(2 + i));
  const base = 2 + job.rubric.length;
  const anchors: Anchor[] = exemplars.map((e, i) => ({ vector: at(base + i), words: words(e.text).length, scoreFor: (id) => e.scores.find((s) => s.criterionId === id)?.score }));
  if (reference) anchors.push({ vector: at(base + exemplars.length), words: words(reference).length, scoreFor: () => 100 });
  const sentenceVectors = parts.map((_, i) => at(base + exemplars.length + (reference ? 1 : 0) + i));

  const wordCount = words(text).length;
  const prose = clamp01(proseShare(text) / PROSE_FUNCTION_WORDS);
  const length = clamp01(wordCount / SUBSTANTIAL_WORDS);
  const topical = anchors.map((a) => cosine(answer, a.vector));
  const similarities = anchors.map((a, i) => (topical[i] ?? 0) * lengthAffinity(wordCount, a.words));
  const closest = Math.max(0, ...topical);
  // Unlike every example the trainer scored (off topic, a note to the grader): no basis for marks.
  const onTask = clamp01((closest - OFF_TASK_SIMILARITY) / (ON_TASK_SIMILARITY - OFF_TASK_SIMILARITY));
  const rubricEcho = cosine(answer, rubricVector);
  // Resembling the rubric more than the examples is restating it, not doing the task.
  // (Without examples there is nothing to be more like, so only plain restating counts.)
  const echo =
    anchors.length === 0
      ? clamp01((rubricEcho - RUBRIC_ECHO_FULL) / (1 - RUBRIC_ECHO_FULL))
      : rubricEcho > closest
        ? clamp01((rubricEcho - RUBRIC_ECHO_START) / (RUBRIC_ECHO_FULL - RUBRIC_ECHO_START)) + (rubricEcho > closest + 0.1 ? 0.5 : 0)
        : 0;
  const quality = prose * length * (1 - clamp01(echo)) * (anchors.length > 0 ? onTask : 1);

  const criteria: CriterionScore[] = job.rubric.map((criterion, ci) => {
    const votes = anchors
      .map((a, i) => ({ score: a.scoreFor(criterion.id), sim: similarities[i] ?? 0, vector: a.vector }))
      .filter((v): v is { score: number; sim: number; vector: Vector } => v.score !== undefined)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, K);
    let estimate: number;
    if (votes.length === 0) {
      // No scored examples: all an offline check can tell is whether there is a substantive answer.
      estimate = 50 * quality * clamp01(wordCount / 60);
    } else {
      const weighted = [...votes, { score: 0, sim: ZERO_ANCHOR_SIMILARITY }];
      const total = weighted.reduce((sum, v) => sum + v.sim ** SHARPNESS, 0);
      estimate = (total > 0 ? weighted.reduce((sum, v) => sum + v.sim ** SHARPNESS * v.score, 0) / total : 0) * quality;
    }
    // Stored as a reason code with its facts: the learner reads it in their language (issue 23).
    const note: '' | '_echo' | '_list' = echo > 0.3 ? '_echo' : prose < 0.6 && wordCount > 0 ? '_list' : '';
    const justification =
      votes.length === 0
        ? encodeReason(`offline_no_examples${note}`, { title: criterion.title })
        : encodeReason(`offline_estimate${note}`, { title: criterion.title, score: Math.round(votes[0]?.score ?? 0) });
    // The learner's sentence most like the criterion's best example (or the criterion itself).
    const target = votes[0]?.vector ?? criterionVectors[ci] ?? new Map<string, number>();
    let evidence = '';
    let best = 0;
    parts.forEach((sentence, i) => {
      const sim = cosine(sentenceVectors[i] ?? new Map<string, number>(), target);
      if (sim > best) {
        best = sim;
        evidence = sentence.length > 200 ? sentence.slice(0, 200) : sentence;
      }
    });
    return { criterionId: criterion.id, score: Math.round(Math.min(100, Math.max(0, estimate))), justification, evidence };
  });
  const score = overallScore(job.rubric, criteria);
  const weakest = job.rubric
    .map((c, i) => ({ c, gap: c.weight * (100 - (criteria[i]?.score ?? 0)) }))
    .sort((a, b) => b.gap - a.gap)[0];
  const feedback = !weakest || weakest.gap === 0 ? encodeReason('offline_next_strongest') : encodeReason('offline_next_work_on', { title: weakest.c.title, description: weakest.c.description });
  return { kind: 'scored', score, passed: null, criteria, feedback, model: OFFLINE_EVALUATOR_MODEL, offline: true };
}
