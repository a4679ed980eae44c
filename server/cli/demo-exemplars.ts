/**
 * The demo exercises' reference answers and scored examples (ADR 0035): the offline evaluator scores
 * a learner by the examples nearest to their answer, so without these every demo attempt landed near
 * the middle. Scored by hand on each criterion, good and bad, in English and Spanish.
 */
type Scores = Record<string, number>;
const example = (text: string, scores: Scores) => ({ text, scores: Object.entries(scores).map(([criterionId, score]) => ({ criterionId, score })) });

const complaint = {
  referenceAnswer:
    'Summarise this customer email for our support lead, who has one minute to decide the next action. Return at most six bullet points under 100 words, one issue per bullet (delivery, each invoice, the driver). Quote order numbers, dates and amounts exactly as written and do not invent anything that is not in the email. Finish with one line on the customer’s tone and how urgently they need a reply.',
  exemplars: [
    example(
      'Summarise this email for the support lead so they can decide the next step in a minute. Use up to five bullets and 80 words, one issue each. Copy order numbers, dates and amounts exactly; invent nothing. Add a final line on the customer’s tone and urgency.',
      { audience: 95, format: 90, facts: 90, tone: 90 },
    ),
    example(
      'Resume este correo para la responsable de soporte, que debe decidir la siguiente acción en un minuto. Máximo cinco viñetas y 80 palabras, un problema por viñeta. Cita exactamente números de pedido, fechas e importes y no inventes nada. Termina indicando el tono del cliente y la urgencia.',
      { audience: 90, format: 90, facts: 90, tone: 90 },
    ),
    example(
      'For the support lead: list the problems in this email as bullet points, one per issue, no more than 100 words. Keep the order numbers and amounts exact.',
      { audience: 70, format: 80, facts: 60, tone: 0 },
    ),
    example(
      'Write a short summary of this email for the support lead in bullet points, keeping the dates and order numbers exact.',
      { audience: 60, format: 55, facts: 60, tone: 0 },
    ),
    example('Give me the key points of this complaint as a table with the issue, the amount and the date. Say how angry the customer is.', { audience: 10, format: 70, facts: 40, tone: 70 }),
    example('Haz un resumen breve de este correo para mi jefe.', { audience: 30, format: 15, facts: 0, tone: 0 }),
    example('Summarise this customer email.', { audience: 0, format: 0, facts: 0, tone: 0 }),
    example('Reply to the customer and apologise for the late delivery, the invoices and the driver.', { audience: 0, format: 0, facts: 0, tone: 10 }),
  ],
};

const meeting = {
  referenceAnswer:
    'From these meeting notes, list the decisions that were made, separately from open questions and discussion. Then list every action as “action — owner — due date”; where the notes give no owner or date, write “missing” instead of guessing. Do not invent owners, dates or decisions that are not in the notes.',
  exemplars: [
    example(
      'List every action from these notes with its owner and due date, and write “not stated” where either is missing. Put decisions in their own list, apart from discussion and open questions. Never invent owners, dates or decisions.',
      { actions: 95, decisions: 90, accuracy: 95 },
    ),
    example(
      'De estas notas, enumera cada acción con su responsable y su fecha límite; si falta alguno, indícalo. Separa las decisiones tomadas de la discusión. No inventes responsables, fechas ni decisiones que no estén en las notas.',
      { actions: 90, decisions: 85, accuracy: 90 },
    ),
    example('List the decisions made, separately from the discussion. Then list each action with an owner and a due date.', { actions: 75, decisions: 85, accuracy: 0 }),
    example('Make a table of the actions with who does them and by when.', { actions: 70, decisions: 0, accuracy: 0 }),
    example('Summarise the meeting and keep only what is actually in the notes, nothing made up.', { actions: 10, decisions: 20, accuracy: 70 }),
    example('Convierte estas notas en una lista de tareas.', { actions: 20, decisions: 0, accuracy: 0 }),
    example('Turn these notes into a list of actions.', { actions: 20, decisions: 0, accuracy: 0 }),
    example('Write a friendly email to the team thanking them for the meeting.', { actions: 0, decisions: 0, accuracy: 0 }),
  ],
};

/** By exercise title (ids exist only once loaded). */
export const demoScoring = {
  'Workout: Summarise a Customer Complaint': complaint,
  'Workout: Meeting Notes to Action List': meeting,
};
