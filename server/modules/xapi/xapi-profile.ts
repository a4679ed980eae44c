import { activityTypes, PROFILE_IRI } from './statements.js';

/**
 * The AI GYM xAPI profile (xAPI Profiles 1.0, JSON-LD): the verb ADL has no word for and our
 * activity types. ADL's scored/passed/failed/completed and the registry's "earned" are used as
 * they are defined.
 */
const concept = (id: string, type: 'Verb' | 'ActivityType', en: string, es: string, definitionEn: string, definitionEs: string) => ({
  id,
  type,
  inScheme: `${PROFILE_IRI}/v1`,
  prefLabel: { en, es },
  definition: { en: definitionEn, es: definitionEs },
});

export const xapiProfile = {
  '@context': 'https://w3id.org/xapi/profiles/context',
  id: PROFILE_IRI,
  type: 'Profile',
  conformsTo: 'https://w3id.org/xapi/profiles#1.0',
  prefLabel: { en: 'AI GYM', es: 'AI GYM' },
  definition: {
    en: 'Practice and assessment of AI skills in AI GYM: exercises scored per rubric criterion, programs, certificates.',
    es: 'Práctica y evaluación de habilidades de IA en AI GYM: ejercicios puntuados por criterio, programas, certificados.',
  },
  author: { type: 'Organization', name: 'AI GYM' },
  versions: [{ id: `${PROFILE_IRI}/v1`, generatedAtTime: '2026-12-07T00:00:00Z' }],
  concepts: [
    concept(`${PROFILE_IRI}/verbs/revoked`, 'Verb', 'had revoked', 'le fue revocado', 'The certificate the actor earned was revoked by an administrator and is no longer valid.', 'Un administrador revocó el certificado que obtuvo la persona; ya no es válido.'),
    concept(activityTypes.exercise, 'ActivityType', 'exercise', 'ejercicio', 'A task answered in writing and scored per rubric criterion; graded (pass or fail decided by a calibrated evaluator or a person) or practice (a score and feedback only).', 'Una tarea respondida por escrito y puntuada por criterio; evaluada (aprobado o no lo decide un evaluador calibrado o una persona) o de práctica (solo puntuación y comentarios).'),
    concept(activityTypes['program-step'], 'ActivityType', 'program step', 'paso del programa', 'One step of a program: an exercise, an agent, a prompt, a document, a video or an automation.', 'Un paso de un programa: un ejercicio, un agente, un prompt, un documento, un vídeo o una automatización.'),
    concept(activityTypes.program, 'ActivityType', 'program', 'programa', 'An ordered set of steps with a due date, completed when every required step is done.', 'Un conjunto ordenado de pasos con fecha límite, completado cuando se hacen todos los pasos obligatorios.'),
    concept(activityTypes.certificate, 'ActivityType', 'certificate', 'certificado', 'A certificate of a completed program, verifiable at its address.', 'Un certificado de un programa completado, verificable en su dirección.'),
    concept(activityTypes.community, 'ActivityType', 'community', 'comunidad', 'The client community the activity happened in (context grouping).', 'La comunidad del cliente en la que ocurrió la actividad (agrupación de contexto).'),
  ],
};
