import type { CriterionScore } from '../../../contracts/exercises.js';
import type { EvaluationJob, Verdict } from './evaluation.js';
import { learnerText, overallScore } from './evaluation.js';

export const OFFLINE_EVALUATOR_MODEL = 'offline-evaluator';

/** Share of a criterion's key ideas that earns full marks: nobody restates a rubric word for word. */
const FULL_COVERAGE = 0.6;

const STOPWORDS = new Set(
  `a an and are as at be been but by can could did do does for from had has have how i if in into is it its
  me my of on or our over so than that the their them then there these they this to too up us was we were what
  when where which who whom why will with would you your yours about after all also any because before being
  both each few more most other same some such only own very just should now out off once here while those
  through during between against again further not no nor`.split(/\s+/),
);
/** Words rubrics use about every criterion; they say nothing about what this one asks for. */
const RUBRIC_FILLER = new Set(
  `learner answer response work good well clear clearly clearer specific specifically give gives giving use uses using
  make makes making provide provides show shows include includes including state states way ways thing things
  criterion criteria rubric level appropriate appropriately relevant effective effectively ask asks asking say says
  request requests name names`.split(/\s+/),
);

/** A crude, deterministic stem: enough for "summaries"/"summary" or "formatted"/"format" to meet. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      if (suffix === 'ies' || suffix === 'ied') w += 'y';
      break;
    }
  }
  return w;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOPWORDS.has(w));
}

/** The ideas a criterion asks for: the distinct stems of its title and description, fillers removed. */
export function keyIdeas(title: string, description: string): Array<{ stem: string; word: string }> {
  const seen = new Map<string, string>();
  for (const w of words(`${title} ${description}`)) {
    if (RUBRIC_FILLER.has(w)) continue;
    const s = stem(w);
    if (!seen.has(s)) seen.set(s, w);
  }
  return [...seen].map(([s, word]) => ({ stem: s, word }));
}

/** Sentences of the learner's text, verbatim, so a quote from one is a quote of their words. */
function sentences(text: string): string[] {
  return (text.match(/[^.!?\n]+[.!?]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

const quote = (s: string) => (s.length > 200 ? s.slice(0, 200) : s);
const list = (items: string[]) => items.map((w) => `“${w}”`).join(', ');

/**
 * Scores by criteria coverage: for each criterion, how many of its key ideas appear in the learner's
 * own words (their messages and final answer). Deterministic, needs no model, and labelled offline:
 * it checks that the work addresses each criterion, not how well.
 */
export function evaluateOffline(job: EvaluationJob): Verdict {
  const text = learnerText(job);
  const learnerStems = new Set(words(text).map(stem));
  const parts = sentences(text);
  const criteria: CriterionScore[] = job.rubric.map((criterion) => {
    const ideas = keyIdeas(criterion.title, criterion.description);
    const found = ideas.filter((idea) => learnerStems.has(idea.stem));
    const missing = ideas.filter((idea) => !learnerStems.has(idea.stem));
    const coverage = ideas.length === 0 ? 0 : found.length / ideas.length;
    const score = Math.min(100, Math.round((coverage / FULL_COVERAGE) * 20) * 5);
    const foundStems = new Set(found.map((f) => f.stem));
    let evidence = '';
    let best = 0;
    for (const sentence of parts) {
      const hits = new Set(words(sentence).map(stem).filter((s) => foundStems.has(s))).size;
      if (hits > best) {
        best = hits;
        evidence = quote(sentence);
      }
    }
    const justification =
      found.length === 0
        ? `Offline check: none of the key ideas of “${criterion.title}” (${list(ideas.slice(0, 5).map((i) => i.word))}) appear in your work yet.`
        : `Offline check: your work covers ${found.length} of ${ideas.length} key ideas of “${criterion.title}” (${list(found.slice(0, 5).map((i) => i.word))})` +
          (missing.length > 0 ? `; not yet: ${list(missing.slice(0, 5).map((i) => i.word))}.` : '.');
    return { criterionId: criterion.id, score, justification, evidence };
  });
  const score = overallScore(job.rubric, criteria);
  const weakest = job.rubric
    .map((c, i) => ({ c, gap: c.weight * (100 - (criteria[i]?.score ?? 0)) }))
    .sort((a, b) => b.gap - a.gap)[0];
  const feedback =
    !weakest || weakest.gap === 0
      ? 'Every criterion is covered. Next, try to say the same in fewer words, or practise with a harder case.'
      : `Next time, work on “${weakest.c.title}”: ${weakest.c.description}`;
  return { kind: 'scored', score, passed: score >= job.passMark, criteria, feedback, model: OFFLINE_EVALUATOR_MODEL, offline: true };
}
