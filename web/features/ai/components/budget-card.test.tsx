import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { BudgetCard } from './budget-card.js';

useMockApi();

const communityId = '10000000-0000-4000-8000-000000000001';
type Budget = {
  monthlyLimit: number;
  softLimitPercent: number;
  perMemberDailyLimit: number | null;
  blockUnpricedModels?: boolean;
  defaultPrice?: { inputPerMillion: number; outputPerMillion: number } | null;
};
const status = (budget: Budget | null, spent = 12.5, unpricedModels: string[] = []) => ({
  communityId,
  budget: budget && { blockUnpricedModels: false, defaultPrice: null, ...budget },
  unpricedModels,
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

  it('warns that unpriced models count as 0, and saves the admin’s choice to block them', async () => {
    signIn();
    const saved: Budget[] = [];
    const limits = { monthlyLimit: 50, softLimitPercent: 80, perMemberDailyLimit: null };
    server.use(
      http.get(`/api/communities/${communityId}/budget`, () => HttpResponse.json(status(limits, 12.5, ['local-llm', 'gpt-new']))),
      http.put(`/api/communities/${communityId}/budget`, async ({ request }) => {
        const body = (await request.json()) as Budget;
        saved.push(body);
        return HttpResponse.json(status(body, 12.5, ['local-llm', 'gpt-new']));
      }),
    );
    renderWithApp(<BudgetCard communityId={communityId} />);
    const warning = await screen.findByTestId('unpriced-warning');
    expect(warning.textContent).toContain('local-llm, gpt-new: no price in the price table, so their answers count as 0 against this budget');
    expect((screen.getByLabelText('Count them as 0 (not recommended)') as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByLabelText('Block models without a price'));
    // Once handled, the warning says so instead of "count as 0".
    expect(screen.getByTestId('unpriced-warning').textContent).toContain('This budget handles them as chosen below.');
    expect(screen.queryByLabelText(/Default input price/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save budget' }));
    expect(await screen.findByText('Budget saved.')).toBeTruthy();
    expect(saved).toEqual([{ ...limits, blockUnpricedModels: true, defaultPrice: null }]);
  }, 15_000);

  it('charges a default price only once both prices are typed', async () => {
    signIn();
    const saved: Budget[] = [];
    const limits = { monthlyLimit: 50, softLimitPercent: 80, perMemberDailyLimit: null };
    server.use(
      http.get(`/api/communities/${communityId}/budget`, () => HttpResponse.json(status(limits, 0, ['local-llm']))),
      http.put(`/api/communities/${communityId}/budget`, async ({ request }) => {
        const body = (await request.json()) as Budget;
        saved.push(body);
        return HttpResponse.json(status(body, 0, ['local-llm']));
      }),
    );
    renderWithApp(<BudgetCard communityId={communityId} />);
    fireEvent.click(await screen.findByLabelText('Charge a default price'));
    const save = screen.getByRole('button', { name: 'Save budget' });
    expect(save.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('Default input price per million tokens (EUR)'), { target: { value: '3' } });
    expect(save.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('Default output price per million tokens (EUR)'), { target: { value: '12' } });
    expect(save.hasAttribute('disabled')).toBe(false);
    fireEvent.click(save);
    expect(await screen.findByText('Budget saved.')).toBeTruthy();
    expect(saved).toEqual([{ ...limits, blockUnpricedModels: false, defaultPrice: { inputPerMillion: 3, outputPerMillion: 12 } }]);
  }, 15_000);

  it('shows no unpriced warning when every model has a price, and a blocked budget reads back as blocked', async () => {
    signIn();
    server.use(
      http.get(`/api/communities/${communityId}/budget`, () =>
        HttpResponse.json(status({ monthlyLimit: 50, softLimitPercent: 80, perMemberDailyLimit: null, blockUnpricedModels: true })),
      ),
    );
    renderWithApp(<BudgetCard communityId={communityId} />);
    expect((await screen.findByLabelText('Block models without a price') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByTestId('unpriced-warning')).toBeNull();
  });
});
