// The platform's AI calls (ADR 0047): providers and the offline model, model resolution, one
// `answerWith` for every call (resolve → hold budget → call → settle). Imports no module: the budget
// arrives through the AnswerBudget port, implemented by modules/ai/spend.ts.
export { answerHeld, type AnswerHeldOptions, answerWith, type AnswerBudget, type Held, type AnswerRequest, type AnswerUsage, type AnswerWithOptions, type AsUser, type AnswerHandle, type HoldRequest } from './answer-with.js';
export { BUILT_IN_CONNECTION_NAME, connectionModel, type ConnectionSecret, defaultModelId, findConnectionSecret, type ModelChoice, providerModel, resolveModel, resolveModelFor, type ResolvedModel } from './providers.js';
export { createOfflineModel, OFFLINE_MODEL_ID, offlineAnswer } from './offline-model.js';
export { INTERRUPTED_REASON, providerFailure, STALLED_REASON } from './failures.js';
export { runStructured, type StructuredCall, type StructuredOutcome } from './run-structured.js';
export { runAnswer, type RunAnswerOptions, type RunOutcome } from './run-answer.js';
