// Model resolution moved to server/platform/ai (ADR 0047). This re-export keeps the exercises module
// (scoring and calibration, changed on another branch) compiling until its imports point there;
// remove it when they do.
export type { ModelChoice, ResolvedModel } from '../../platform/ai/index.js';
export { resolveModelFor } from '../../platform/ai/index.js';
