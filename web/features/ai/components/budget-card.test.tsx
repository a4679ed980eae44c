import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { BudgetCard } from './budget-card.js';

useMockApi();

const communityId = '10000000-0000-4000-8000-000000000001';
const status = (budget: { monthlyLimit: number; softLimitPercent: number; perMemberDailyLimit: number | null } | null, spent = 12.5) => ({
  communityId,
  budget: budget && { blockUnpricedModels: false, defaultPrice: null, ...budget },
  unpricedModels: [],
  currency: 'EUR',
  spent,
  percent: budget ? (spent / budget.monthlyLimit) * 100 : null,
  softReached: false,
  hardReached: false,
  resetsAt: '2026-01-01T00:00:00.000Z',
});

describe('BudgetCard', () => {
  afterEach(() => setLanguage('en'));

  it('shows the month’s spend against the limit and saves the limits the admin types', async () => {
    signIn();
    const saved: unknown[] = [];
    server.use(
      http.get(`/api/communities/${communityId}/budget`, () => HttpResponse.json(status({ monthlyLimit: 50, softLimitPercent: 80, perMemberDailyLimit: null }))),
      http.put(`/api/communities/${communityId}/budget`, async ({ request }) => {
        const body = (await request.json()) as { monthlyLimit: number; softLimitPercent: number; perMemberDailyLimit: number | null };
        saved.push(body);
        return HttpResponse.json(status(body));
      }),
    );
    renderWithApp(<BudgetCard communityId={communityId} />);
    expect(await screen.findByText(/of €50\.00/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Monthly limit (EUR)'), { target: { value: '80' } });
    fireEvent.change(screen.getByLabelText('Per member per day (EUR)'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save budget' }));
    expect(await screen.findByText('Budget saved.')).toBeTruthy();
    expect(saved).toEqual([{ monthlyLimit: 80, softLimitPercent: 80, perMemberDailyLimit: 2, blockUnpricedModels: false, defaultPrice: null }]);
  }, 15_000); // several renders of number inputs: over the default 5 s on a busy 2-core machine

  it('shows a refused save in the person’s language, by its code', async () => {
    await setLanguage('es');
    signIn();
    server.use(
      http.get(`/api/communities/${communityId}/budget`, () => HttpResponse.json(status(null))),
      http.put(`/api/communities/${communityId}/budget`, () => apiError(403, 'forbidden', 'Only administrators can do that.')),
    );
    renderWithApp(<BudgetCard communityId={communityId} />);
    fireEvent.change(await screen.findByLabelText('Límite mensual (EUR)'), { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: /presupuesto/i }));
    expect(await screen.findByText('No tienes permiso para hacer eso.')).toBeTruthy();
  });
});
