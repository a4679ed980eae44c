import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handedOffValues } from '../../../lib/prompt-template.js';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { PromptView } from './prompt-view.js';

useMockApi();

const id = '20000000-0000-4000-8000-000000000001';
const details = {
  promptText: 'Write a follow-up to {{customer_name}} about {{topic}}.',
  category: 'Sales',
  variables: ['customer_name', 'topic'],
  copyCount: 0,
};

/** The sandbox route: shows what the library handed over, as the insert form reads it. */
function SandboxProbe() {
  const location = useLocation();
  return <p data-testid="handed-off">{JSON.stringify(handedOffValues(location.state, id))}</p>;
}

afterEach(() => vi.restoreAllMocks());

describe('a prompt in the library (mocked network)', { timeout: 30_000 }, () => {
  it('fills the variables, copies the filled prompt, and records the copy', async () => {
    signIn();
    const recorded: unknown[] = [];
    server.use(
      http.post(`*/api/content/${id}/progress`, async ({ request }) => {
        recorded.push(await request.json());
        return HttpResponse.json({ viewedAt: null, completedAt: null, promptCopies: 1 });
      }),
    );
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });

    renderWithApp(<PromptView id={id} details={details} progress={null} sandbox={false} />);

    const text = screen.getByTestId('prompt-text');
    expect(text.textContent).toBe('Write a follow-up to {{customer_name}} about {{topic}}.');
    fireEvent.change(screen.getByLabelText('customer name'), { target: { value: 'Ana' } });
    // The prompt shows the value in place; the blank one stays a highlighted placeholder.
    expect(text.textContent).toBe('Write a follow-up to Ana about {{topic}}.');
    expect(text.querySelectorAll('mark')).toHaveLength(1);

    fireEvent.change(screen.getByLabelText('topic'), { target: { value: 'the renewal' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy prompt' }));

    await screen.findByRole('button', { name: 'Copied' });
    expect(writeText).toHaveBeenCalledWith('Write a follow-up to Ana about the renewal.');
    await waitFor(() => expect(recorded).toHaveLength(1));
  });

  it('takes the typed values to the sandbox with "Use in sandbox"', async () => {
    signIn();
    renderWithApp(<PromptView id={id} details={details} progress={null} sandbox />, {
      routes: [{ path: '/sandbox', element: <SandboxProbe /> }],
    });
    fireEvent.change(screen.getByLabelText('topic'), { target: { value: 'pricing' } });
    fireEvent.click(screen.getByRole('link', { name: 'Use in sandbox' }));
    expect((await screen.findByTestId('handed-off')).textContent).toBe(JSON.stringify({ topic: 'pricing' }));
  });

  it('shows no fields for a prompt without variables, and says when the browser refused to copy', async () => {
    signIn();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    renderWithApp(<PromptView id={id} details={{ ...details, variables: [], promptText: 'No blanks here.' }} progress={null} sandbox={false} />);
    expect(screen.queryByTestId('prompt-fill')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Copy prompt' }));
    expect(await screen.findByText('Not copied')).toBeTruthy();
  });
});
