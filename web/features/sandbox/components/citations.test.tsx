import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { citedPassage } from './cited-file-drawer.js';
import { Citations } from './citations.js';

useMockApi();

const fileId = '00000000-0000-4000-8000-000000000002';

describe('Citations', () => {
  it('lists each source with its excerpt, linking library items and opening uploaded files', async () => {
    signIn();
    server.use(
      http.get(`/api/knowledge/files/${fileId}/passages`, () =>
        HttpResponse.json({
          file: { id: fileId, name: 'Handbook.pdf', mime: 'application/pdf' },
          passages: [
            { ordinal: 0, text: 'Welcome to the handbook.' },
            { ordinal: 1, text: 'Laptops lock after five minutes. Screens face away from windows.' },
          ],
          truncated: false,
        }),
      ),
    );
    renderWithApp(
      <Citations
        citations={[
          { sourceType: 'document', sourceId: '00000000-0000-4000-8000-000000000001', title: 'Refund policy', excerpt: 'The refund window is 45 days.' },
          { sourceType: 'file', sourceId: fileId, title: 'Handbook.pdf', excerpt: 'Laptops lock after five minutes.' },
        ]}
      />,
    );
    expect(screen.getByRole('link', { name: 'Refund policy' }).getAttribute('href')).toBe('/library/00000000-0000-4000-8000-000000000001');
    expect(screen.getByText('The refund window is 45 days.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Handbook.pdf' }));
    const dialog = await screen.findByRole('dialog');
    const cited = await within(dialog).findByRole('region', { name: 'Cited passage' });
    expect(cited.textContent).toContain('Screens face away from windows.');
    expect(within(dialog).getByText('Welcome to the handbook.')).toBeTruthy();
  });

  it('finds the cited passage from an excerpt cut short', () => {
    const passages = [
      { ordinal: 0, text: 'Intro.' },
      { ordinal: 3, text: 'The refund window for annual plans is 45 days from the invoice date.' },
    ];
    expect(citedPassage(passages, 'The refund window for annual plans is 45…')).toBe(3);
    expect(citedPassage(passages, 'Nothing like it')).toBeNull();
    // The excerpt is flattened to one line; the passage keeps its line breaks.
    expect(citedPassage([{ ordinal: 0, text: 'Travel policy.\n\nBook trains.' }], 'Travel policy. Book trains.')).toBe(0);
  });

  it('shows nothing for an answer without sources', () => {
    renderWithApp(<Citations citations={[]} />);
    expect(screen.queryByTestId('citations')).toBeNull();
  });
});
