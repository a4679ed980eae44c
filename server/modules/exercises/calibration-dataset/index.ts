import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The fixed calibration dataset (ADR 0035): realistic exercises, each with a dozen answers scored
 * per criterion by a person, in English and Spanish, with a note saying why. The bench
 * (bench/calibration.mjs) measures evaluators against it; tests use it as a trainer's examples.
 */
const datasetExerciseSchema = z.object({
  id: z.string(),
  title: z.string(),
  brief: z.string(),
  passMark: z.number().int().min(0).max(100),
  rubric: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), weight: z.number().int().min(1).max(5) })).min(1).max(8),
  referenceAnswer: z.string(),
  exemplars: z
    .array(z.object({ id: z.string(), lang: z.enum(['en', 'es']), text: z.string().min(1), scores: z.record(z.string(), z.number().int().min(0).max(100)), note: z.string() }))
    .min(12),
});
export type DatasetExercise = z.infer<typeof datasetExerciseSchema>;

const here = dirname(fileURLToPath(import.meta.url));

export function loadCalibrationDataset(): DatasetExercise[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => datasetExerciseSchema.parse(JSON.parse(readFileSync(join(here, f), 'utf8'))));
}

/** The exercise's examples in the API's shape (`details.exemplars`). */
export function exemplarsOfDataset(exercise: DatasetExercise) {
  return exercise.exemplars.map((e) => ({ id: e.id, text: e.text, scores: Object.entries(e.scores).map(([criterionId, score]) => ({ criterionId, score })) }));
}
