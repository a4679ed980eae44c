import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { SkillsCard } from './skills-card.js';

useMockApi();

const member = '20000000-0000-4000-8000-000000000001';
const exercise = '30000000-0000-4000-8000-000000000001';
const point = (score: number, day: number) => ({ at: `2026-03-0${day}T10:00:00.000Z`, score, exerciseId: exercise, exerciseTitle: 'Workout' });

/** Answers the skills request, remembering which member it was asked about. */
function skillsAnswer(skills: object[]) {
  const asked: Array<string | null> = [];
  server.use(
    http.get('/api/analytics/skills', ({ request }) => {
      const userId = new URL(request.url).searchParams.get('userId');
      asked.push(userId);
      return HttpResponse.json({ userId: userId ?? member, skills });
    }),
  );
  return asked;
}

describe('SkillsCard', () => {
  it('shows each skill’s latest score, its change, its scores in words and how many attempts', async () => {
    signIn();
    skillsAnswer([
      { skill: 'Names the audience', average: 63, latest: 60, points: [point(40, 1), point(90, 2), point(60, 3)] },
      { skill: 'Asks for a format', average: 80, latest: 80, points: [point(80, 1)] },
    ]);
    renderWithApp(<SkillsCard userId={null} workoutsLink />);
    const tiles = await screen.findAllByTestId('skill');
    expect(tiles).toHaveLength(2); // in the order the server sorted them
    const [audience, format] = tiles as [HTMLElement, HTMLElement];

    expect(within(audience).getByTestId('skill-latest').textContent).toBe('60');
    expect(within(audience).getByRole('img', { name: 'Previous score 90' }).dataset.trend).toBe('down');
    expect(within(audience).getByRole('img', { name: 'Names the audience: the last 3 scores, oldest first: 40, 90, 60' })).toBeTruthy();
    expect(audience.textContent).toContain('3 attempts');

    // One score: no change to show yet.
    expect(within(format).queryByTestId('score-trend')).toBeNull();
    expect(within(format).getByRole('img', { name: 'Asks for a format: one score so far, 80' })).toBeTruthy();
    expect(format.textContent).toContain('1 attempt');
  });

  it('points a member with no scores to the exercises', async () => {
    signIn();
    skillsAnswer([]);
    renderWithApp(<SkillsCard userId={null} workoutsLink />);
    expect(await screen.findByText('No skills yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to exercises' }).getAttribute('href')).toBe('/exercises');
  });

  it('asks for another member’s skills by id and says so when there are none', async () => {
    signIn();
    const asked = skillsAnswer([]);
    renderWithApp(<SkillsCard userId={member} />);
    expect(await screen.findByText('Skills appear here once this member has a scored exercise.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Skills' })).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
    expect(asked).toEqual([member]);
  });
});
