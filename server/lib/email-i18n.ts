/**
 * The emails' words in English and Spanish, through the same library as the web app (i18next;
 * ADR 0022). The strings live here, typed: Spanish must have every key English has, or the server
 * does not compile — the server's counterpart of `npm run i18n:check`.
 *
 * Which language a mail is in: the recipient's saved choice (users.language); when they have none,
 * the best guess the caller has — the inviting admin's language for an invitation, the requesting
 * browser's Accept-Language for a password reset — else English.
 */
import i18next, { type TFunction } from 'i18next';
import type { Language } from '../../contracts/users.js';

const en = {
  footer: 'If you did not expect this email, you can ignore it.',
  invitation: {
    subject: 'You are invited to AI GYM',
    intro: 'You have been invited to AI GYM. Choose a password to activate your account; the link is valid for {{days}} days.',
    action: 'Accept the invitation',
    subjectFrom: '{{inviter}} invited you to {{community}} on AI GYM',
    introBy: '{{inviter}} has invited you to AI GYM.',
    introByTo: '{{inviter}} has invited you to join {{communities}} on AI GYM.',
    programs_one: 'A program is waiting for you: {{programs}}.',
    programs_other: 'Programs waiting for you: {{programs}}.',
    activate: 'Choose a password to activate your account; the link is valid for {{days}} days.',
  },
  reset: {
    subject: 'Reset your AI GYM password',
    intro: 'Someone asked to reset the password of your AI GYM account. The link is valid for {{minutes}} minutes.',
    action: 'Choose a new password',
  },
  twoFactor: {
    onSubject: 'Two-factor sign-in was turned on for your AI GYM account',
    offSubject: 'Two-factor sign-in was turned off for your AI GYM account',
    body: 'This happened on {{date}} (UTC). If it was not you, reset your password at once and tell your administrator.',
  },
  budget: {
    subject: 'AI budget alert: {{community}}',
    someCommunity: 'A community',
    body: '{{community}} has used {{percent}} of its monthly AI budget ({{spent}} of {{limit}}). At the limit, members’ messages are refused until the month ends. You can raise the budget on the community’s page.',
  },
  reminder: {
    dueSoonSubject: 'Due soon: {{program}}',
    dueSoonIntro: 'Hello {{name}}, your program “{{program}}” is due on {{due}}. Pick up where you left off.',
    overdueSubject: 'Overdue: {{program}}',
    overdueIntro: 'Hello {{name}}, your program “{{program}}” was due on {{due}} and is not finished yet. There is still time to complete it.',
    action: 'Open the program',
  },
  enrolled: {
    subject: 'A new program for you: {{program}}',
    intro: 'Hello {{name}}, you have been enrolled in the program “{{program}}”. Start with its first step whenever you are ready.',
    introDue: 'Hello {{name}}, you have been enrolled in the program “{{program}}”. It is due on {{due}}; start with its first step whenever you are ready.',
    action: 'Start the program',
  },
  programChange: {
    subject: 'Something new to do in “{{program}}”',
    inProgress_one: 'Hello {{name}}, your trainer added a step to your program “{{program}}”: {{steps}}. Do it to finish the program.',
    inProgress_other: 'Hello {{name}}, your trainer added steps to your program “{{program}}”: {{steps}}. Do them to finish the program.',
    reopened_one: 'Hello {{name}}, you had finished “{{program}}”, and your trainer asks everyone to do a step added since: {{steps}}. The program is open again until you do it; the certificate you hold stays valid.',
    reopened_other: 'Hello {{name}}, you had finished “{{program}}”, and your trainer asks everyone to do the steps added since: {{steps}}. The program is open again until you do them; the certificate you hold stays valid.',
  },
};

type Strings = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : { [L in keyof (typeof en)[K]]: string } };

const es: Strings = {
  footer: 'Si no esperabas este correo, puedes ignorarlo.',
  invitation: {
    subject: 'Te han invitado a AI GYM',
    intro: 'Te han invitado a AI GYM. Elige una contraseña para activar tu cuenta; el enlace es válido durante {{days}} días.',
    action: 'Aceptar la invitación',
    subjectFrom: '{{inviter}} te ha invitado a {{community}} en AI GYM',
    introBy: '{{inviter}} te ha invitado a AI GYM.',
    introByTo: '{{inviter}} te ha invitado a unirte a {{communities}} en AI GYM.',
    programs_one: 'Te espera un programa: {{programs}}.',
    programs_other: 'Te esperan estos programas: {{programs}}.',
    activate: 'Elige una contraseña para activar tu cuenta; el enlace es válido durante {{days}} días.',
  },
  reset: {
    subject: 'Restablece tu contraseña de AI GYM',
    intro: 'Alguien ha pedido restablecer la contraseña de tu cuenta de AI GYM. El enlace es válido durante {{minutes}} minutos.',
    action: 'Elegir una contraseña nueva',
  },
  twoFactor: {
    onSubject: 'Se activó el inicio de sesión en dos pasos en tu cuenta de AI GYM',
    offSubject: 'Se desactivó el inicio de sesión en dos pasos en tu cuenta de AI GYM',
    body: 'Ocurrió el {{date}} (UTC). Si no fuiste tú, restablece tu contraseña de inmediato y avisa a tu administrador.',
  },
  budget: {
    subject: 'Alerta de presupuesto de IA: {{community}}',
    someCommunity: 'Una comunidad',
    body: '{{community}} ha usado el {{percent}} de su presupuesto mensual de IA ({{spent}} de {{limit}}). Al llegar al límite, los mensajes de los miembros se rechazan hasta que acabe el mes. Puedes ampliar el presupuesto en la página de la comunidad.',
  },
  reminder: {
    dueSoonSubject: 'Vence pronto: {{program}}',
    dueSoonIntro: 'Hola, {{name}}: tu programa «{{program}}» vence el {{due}}. Retómalo donde lo dejaste.',
    overdueSubject: 'Plazo vencido: {{program}}',
    overdueIntro: 'Hola, {{name}}: tu programa «{{program}}» venció el {{due}} y aún no lo has terminado. Todavía estás a tiempo de completarlo.',
    action: 'Abrir el programa',
  },
  enrolled: {
    subject: 'Un programa nuevo para ti: {{program}}',
    intro: 'Hola, {{name}}: te han inscrito en el programa «{{program}}». Empieza por su primer paso cuando quieras.',
    introDue: 'Hola, {{name}}: te han inscrito en el programa «{{program}}». Vence el {{due}}; empieza por su primer paso cuando quieras.',
    action: 'Empezar el programa',
  },
  programChange: {
    subject: 'Algo nuevo que hacer en «{{program}}»',
    inProgress_one: 'Hola, {{name}}: tu formador ha añadido un paso a tu programa «{{program}}»: {{steps}}. Hazlo para terminar el programa.',
    inProgress_other: 'Hola, {{name}}: tu formador ha añadido pasos a tu programa «{{program}}»: {{steps}}. Hazlos para terminar el programa.',
    reopened_one: 'Hola, {{name}}: ya habías terminado «{{program}}» y tu formador pide a todos que hagan un paso añadido después: {{steps}}. El programa vuelve a estar abierto hasta que lo hagas; el certificado que tienes sigue siendo válido.',
    reopened_other: 'Hola, {{name}}: ya habías terminado «{{program}}» y tu formador pide a todos que hagan los pasos añadidos después: {{steps}}. El programa vuelve a estar abierto hasta que los hagas; el certificado que tienes sigue siendo válido.',
  },
};

const instance = i18next.createInstance();
void instance.init({
  resources: { en: { emails: en }, es: { emails: es } },
  ns: ['emails'],
  defaultNS: 'emails',
  fallbackLng: 'en',
  initAsync: false, // resources are in memory: ready at import
  interpolation: { escapeValue: false }, // the mailer escapes for HTML
});

/** The `t` of the emails in `language`. */
export function emailT(language: Language): TFunction<'emails'> {
  return instance.getFixedT(language, 'emails');
}

/** Dates, numbers and money in the mail's language. */
export function formatForMail(language: Language) {
  return {
    /** "Friday, 27 November 2026" / "viernes, 27 de noviembre de 2026" (a UTC day). */
    longDate: (value: Date) =>
      value.toLocaleDateString(language === 'en' ? 'en-GB' : language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    percent: (ratio: number) => new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(ratio),
    money: (amount: number, currency: string) => {
      try {
        return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount);
      } catch {
        return `${currency} ${amount.toFixed(2)}`; // a price table currency Intl does not know
      }
    },
  };
}

/** 'es' when Spanish comes before English in an Accept-Language header, else 'en'. */
export function languageFromHeader(header: string | undefined): Language {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { base: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = tags.find((t) => t.base === 'en' || t.base === 'es');
  return first?.base === 'es' ? 'es' : 'en';
}
