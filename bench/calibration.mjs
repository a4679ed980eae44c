// Agreement of the evaluators with a person on the fixed calibration dataset (ADR 0035).
//   node --import tsx bench/calibration.mjs                 the offline evaluator
//   BENCH_JUDGE_PROVIDER=openai-compatible BENCH_JUDGE_BASE_URL=http://127.0.0.1:11434/v1 \
//   BENCH_JUDGE_MODEL=llama3.1 [BENCH_JUDGE_API_KEY=…] node --import tsx bench/calibration.mjs
//                                                            …and that judge (3 samples per text)
import { loadCalibrationDataset } from '../server/modules/exercises/calibration-dataset/index.ts';
import { calibrateOnDataset } from '../server/modules/exercises/calibration/dataset-bench.ts';
import { resolveModel } from '../server/platform/ai/index.ts';

const dataset = loadCalibrationDataset();
const evaluators = [{ name: 'offline-evaluator', judge: null }];
if (process.env.BENCH_JUDGE_MODEL) {
  const provider = process.env.BENCH_JUDGE_PROVIDER ?? 'openai-compatible';
  const modelId = process.env.BENCH_JUDGE_MODEL;
  // Resolved as the built-in provider is, so the judge is asked exactly as in the product.
  const judge = resolveModel({ AI_PROVIDER: provider, AI_BASE_URL: process.env.BENCH_JUDGE_BASE_URL, AI_API_KEY: process.env.BENCH_JUDGE_API_KEY, AI_MODEL: modelId, OFFLINE_TOKEN_DELAY_MS: 0 }, modelId);
  evaluators.push({ name: `${provider}:${modelId}`, judge });
}

const fmt = (x) => (typeof x === 'number' ? x.toFixed(2) : String(x));
for (const { name, judge } of evaluators) {
  console.log(`\n== ${name} ==`);
  console.log('exercise'.padEnd(28), 'totalQWK', 'minCritQWK', 'passAgree', 'falsePass', 'gamingPass', 'consist', 'verdict');
  for (const exercise of dataset) {
    const outcome = await calibrateOnDataset(exercise, judge);
    const m = outcome.measures;
    const minCrit = Math.min(...m.criteria.map((c) => c.qwk));
    console.log(
      exercise.id.padEnd(28),
      fmt(m.totalQwk).padStart(8),
      fmt(minCrit).padStart(10),
      fmt(m.passAgreement).padStart(9),
      String(m.falsePasses).padStart(9),
      String(m.adversarialPasses).padStart(10),
      fmt(m.consistency).padStart(7),
      outcome.passed ? 'passed' : `failed (${outcome.failures.map((f) => f.measure).join(', ')})`,
    );
  }
}
