// The grounded prompt's format lives in server/platform/ai (ADR 0047): the offline model reads what
// this module writes, and platform code imports no module.
export { citationsOf, excerptOf, type Grounding, groundedSystemPrompt, NOT_IN_MATERIAL, type Passage, readGroundedPrompt } from '../../platform/ai/grounded-prompt.js';
