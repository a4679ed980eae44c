import { escape, page, type PageLanguage } from './deep-linking.js';
import type { LtiRefusal } from './refusal.js';

/**
 * What a learner reads in the platform's frame when a launch is refused, in their browser's language.
 * The English refusal's own sentence is kept (it names the missing piece); Spanish readers get one
 * sentence per code, since the details are for the platform's administrator, who has the log.
 */
const SPANISH: Record<string, string> = {
  lti_account_refused: 'AI GYM no puede abrir esta cuenta desde la plataforma. Pide a tu formador que revise tu acceso.',
  lti_deployment_unknown: 'Esta instalación de la plataforma no está registrada en AI GYM. Pide a su administrador que la registre.',
  lti_message_unsupported: 'La plataforma envió un tipo de enlace que AI GYM no admite.',
  lti_nonce_invalid: 'Este enlace ya se usó o ha caducado. Vuelve a abrir AI GYM desde el curso.',
  lti_platform_unreachable: 'No se pudo conectar con la plataforma. Inténtalo de nuevo en unos minutos.',
  lti_state_invalid: 'Este inicio de sesión ya se usó o ha caducado. Vuelve a abrir AI GYM desde el curso.',
  lti_token_invalid: 'La plataforma envió un inicio de sesión que AI GYM no puede comprobar. Vuelve a abrir AI GYM desde el curso.',
  lti_unknown_platform: 'Esta plataforma no está registrada en AI GYM. Pide a su administrador que la registre.',
};
const GENERIC_SPANISH = 'AI GYM no pudo abrirse desde la plataforma. Vuelve a abrirlo desde el curso.';

export function refusalPage(error: LtiRefusal, language: PageLanguage): string {
  const sentence = language === 'es' ? (SPANISH[error.code] ?? GENERIC_SPANISH) : error.message;
  return page('AI GYM', `<main><h1>AI GYM</h1><p role="alert">${escape(sentence)}</p></main>`, language);
}
