import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AiConnection } from '../../../../contracts/ai.js';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { ConnectionsList } from './connections-list.js';

useMockApi();

let next = 0;
const connection = (name: string, models: string[], overrides: Partial<AiConnection> = {}): AiConnection => ({
  id: `60000000-0000-4000-8000-${String((next += 1)).padStart(12, '0')}`,
  name,
  provider: 'openai',
  baseUrl: null,
  apiKeySet: true,
  models,
  promptLab: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const price = (model: string) => ({ model, inputPerMillion: 2.5, outputPerMillion: 10, currency: 'EUR' });

function aiServer(items: AiConnection[], prices: ReturnType<typeof price>[]) {
  server.use(
    http.get('/api/ai/connections', () => HttpResponse.json({ items, nextCursor: null })),
    http.get('/api/ai/prices', () => HttpResponse.json(prices)),
  );
}

describe('ConnectionsList: the AI connections an admin set up', () => {
  afterEach(() => setLanguage('en'));

  it('warns about every model without a price, and only those, where the model was added', async () => {
    signIn();
    aiServer([connection('Office OpenAI', ['gpt-priced', 'gpt-free']), connection('Lab', ['gpt-priced', 'local-llm'], { apiKeySet: false })], [price('gpt-priced')]);
    renderWithApp(<ConnectionsList />, { path: '/admin/ai' });
    const warning = await screen.findByTestId('unpriced-models');
    expect(within(warning).getByText('Models without a price')).toBeTruthy();
    expect(warning.textContent).toContain('gpt-free, local-llm: not in the price table below');
    expect(warning.textContent).not.toContain('gpt-priced');
    const office = screen.getByTestId('connection-Office OpenAI');
    expect(office.textContent).toContain('gpt-free · no price');
    expect(office.textContent).not.toContain('gpt-priced · no price');
    expect(within(office).getByText('Key set')).toBeTruthy();
    expect(within(screen.getByTestId('connection-Lab')).getByText('No key')).toBeTruthy();
  });

  it('shows no warning when every model has a price', async () => {
    signIn();
    aiServer([connection('Office OpenAI', ['gpt-priced'])], [price('gpt-priced')]);
    renderWithApp(<ConnectionsList />, { path: '/admin/ai' });
    expect(await screen.findByTestId('connection-Office OpenAI')).toBeTruthy();
    expect(screen.queryByTestId('unpriced-models')).toBeNull();
  });

  it('tests a connection: how long it took, or why it failed', async () => {
    signIn();
    const ok = connection('Office OpenAI', ['gpt-priced']);
    const broken = connection('Broken', ['gpt-priced']);
    aiServer([ok, broken], [price('gpt-priced')]);
    server.use(
      http.post(`/api/ai/connections/${ok.id}/test`, () => HttpResponse.json({ ok: true, latencyMs: 412 })),
      http.post(`/api/ai/connections/${broken.id}/test`, () => HttpResponse.json({ ok: false, latencyMs: 80, error: 'The API key was refused.' })),
    );
    renderWithApp(<ConnectionsList />, { path: '/admin/ai' });
    fireEvent.click(within(await screen.findByTestId('connection-Office OpenAI')).getByRole('button', { name: 'Test connection' }));
    expect(await within(screen.getByTestId('connection-Office OpenAI')).findByText('Works · 412 ms')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('connection-Broken')).getByRole('button', { name: 'Test connection' }));
    expect((await within(screen.getByTestId('connection-Broken')).findByRole('alert')).textContent).toContain('The API key was refused.');
  }, 15_000); // two round trips and several table renders: over the default 5 s on a busy 2-core machine

  it('words a failed test in Spanish for a Spanish admin, the provider’s own words kept as they are', async () => {
    await setLanguage('es');
    signIn();
    const broken = connection('Broken', ['gpt-priced']);
    aiServer([broken], [price('gpt-priced')]);
    server.use(
      http.post(`/api/ai/connections/${broken.id}/test`, () =>
        HttpResponse.json({ ok: false, latencyMs: 80, error: 'The provider refused the API key (HTTP 401).', code: 'ai_probe_key_refused', details: { status: 401, said: 'Incorrect API key provided' } }),
      ),
    );
    renderWithApp(<ConnectionsList />, { path: '/admin/ai' });
    fireEvent.click(within(await screen.findByTestId('connection-Broken', {}, { timeout: 8_000 })).getByRole('button', { name: 'Probar conexión' }));
    const alert = await within(screen.getByTestId('connection-Broken')).findByRole('alert');
    expect(alert.textContent).toContain('El proveedor rechazó la clave de API (HTTP 401). El proveedor dijo: «Incorrect API key provided»');
    expect(alert.textContent).not.toContain('refused');
  }, 15_000);

  it('shows a failed load with Retry, in the admin’s language', async () => {
    await setLanguage('es');
    signIn();
    server.use(
      http.get('/api/ai/connections', () => apiError(500, 'internal', 'Boom')),
      http.get('/api/ai/prices', () => HttpResponse.json([])),
    );
    renderWithApp(<ConnectionsList />, { path: '/admin/ai' });
    expect(await screen.findByRole('button', { name: 'Reintentar' }, { timeout: 8_000 })).toBeTruthy();
    expect(screen.queryByTestId('unpriced-models')).toBeNull();
  }, 15_000);
});
