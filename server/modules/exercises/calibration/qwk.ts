/**
 * Quadratic weighted kappa (Cohen 1968): agreement between two raters on an ordinal scale, 1 for
 * perfect agreement, 0 for what chance gives, negative for worse. Disagreements cost the square of
 * their distance, so 40 against 90 counts far more than 80 against 90.
 *
 *   κ = 1 − Σ w_ij O_ij / Σ w_ij E_ij,   w_ij = (i − j)² / (k − 1)²
 *
 * O is the observed matrix of rating pairs, E the matrix expected from the two raters' marginals.
 */
export function quadraticWeightedKappa(a: number[], b: number[], categories: number): number {
  if (a.length !== b.length) throw new Error('kappa needs pairs of ratings');
  const n = a.length;
  if (n === 0 || categories < 2) return 0;
  const observed = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
  const rowTotals = new Array<number>(categories).fill(0);
  const colTotals = new Array<number>(categories).fill(0);
  for (let i = 0; i < n; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= categories || y >= categories) throw new Error('rating out of range');
    (observed[x] as number[])[y] = ((observed[x] as number[])[y] ?? 0) + 1;
    rowTotals[x] = (rowTotals[x] ?? 0) + 1;
    colTotals[y] = (colTotals[y] ?? 0) + 1;
  }
  let disagreement = 0;
  let chance = 0;
  for (let i = 0; i < categories; i += 1) {
    for (let j = 0; j < categories; j += 1) {
      const w = ((i - j) * (i - j)) / ((categories - 1) * (categories - 1));
      disagreement += w * ((observed[i] as number[])[j] ?? 0);
      chance += (w * (rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / n;
    }
  }
  // Both raters gave one and the same rating throughout: agreement is total, and chance explains it.
  if (chance === 0) return disagreement === 0 ? 1 : 0;
  return 1 - disagreement / chance;
}

/** Scores 0–100 as bands of 10 (0–9 → 0 … 90–100 → 9): the scale kappa is computed on. */
export const SCORE_BANDS = 10;
export const scoreBand = (score: number): number => Math.min(SCORE_BANDS - 1, Math.max(0, Math.floor(score / 10)));

/** Kappa of two lists of 0–100 scores, on bands of ten points. */
export function scoreKappa(trainer: number[], evaluator: number[]): number {
  return quadraticWeightedKappa(trainer.map(scoreBand), evaluator.map(scoreBand), SCORE_BANDS);
}
