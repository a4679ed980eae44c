// What other modules may use of ai (ADR 0047: a module imports another only through its service
// file): the budget side of an AI call, which platform/ai reaches through the AnswerBudget port.
export { answerBudget, type HeldAnswer, holdAnswers, resumeHold, settleAnswer } from './spend.js';
