import { z } from 'zod';

/**
 * Real-user timings from the web app. LCP, INP and route-change are milliseconds; CLS is a unitless
 * score. `route` is the page path (the server blanks ids in it before using it as a label).
 */
export const vitalNameSchema = z.enum(['LCP', 'INP', 'CLS', 'route-change']);
export type VitalName = z.infer<typeof vitalNameSchema>;

export const vitalSampleSchema = z.object({
  name: vitalNameSchema,
  value: z.number().min(0).max(600_000),
  route: z.string().min(1).max(300),
});
export type VitalSample = z.infer<typeof vitalSampleSchema>;

export const vitalsReportSchema = z.object({ samples: z.array(vitalSampleSchema).min(1).max(50) });
export type VitalsReport = z.infer<typeof vitalsReportSchema>;
