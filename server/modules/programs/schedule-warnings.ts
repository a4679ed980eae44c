import type { Program } from '../../../contracts/programs.js';

/**
 * What in a program's schedule will not work as its trainer expects (issue 24). "Due soon" goes
 * only to members enrolled before the reminder window opened (ADR 0036), so a due date inside the
 * window means nobody is ever reminded: said when the program is saved, not discovered later.
 */
export function scheduleWarnings(program: Pick<Program, 'dueDays'>, reminderDaysBefore: number): NonNullable<Program['warnings']> {
  if (program.dueDays === null || reminderDaysBefore === 0 || program.dueDays > reminderDaysBefore) return [];
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  return [
    {
      code: 'due_inside_reminder_window',
      message: `Members have ${days(program.dueDays)} to finish, and the “due soon” reminder is sent ${days(reminderDaysBefore)} before the due date, so nobody will get one. Give members more than ${days(reminderDaysBefore)} if they should be reminded.`,
    },
  ];
}
