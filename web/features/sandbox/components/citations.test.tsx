import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../../test/render.js';
import { Citations } from './citations.js';

describe('Citations', () => {
  it('lists each source with its excerpt, linking library items and not uploaded files', () => {
    renderWithApp(
      <Citations
        citations={[
          { sourceType: 'document', sourceId: '00000000-0000-4000-8000-000000000001', title: 'Refund policy', excerpt: 'The refund window is 45 days.' },
          { sourceType: 'file', sourceId: '00000000-0000-4000-8000-000000000002', title: 'Handbook.pdf', excerpt: 'Laptops lock after five minutes.' },
        ]}
      />,
    );
    expect(screen.getByRole('link', { name: 'Refund policy' }).getAttribute('href')).toBe('/library/00000000-0000-4000-8000-000000000001');
    expect(screen.getByText('The refund window is 45 days.')).toBeTruthy();
    expect(screen.getByText('Handbook.pdf')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Handbook.pdf' })).toBeNull();
  });

  it('shows nothing for an answer without sources', () => {
    renderWithApp(<Citations citations={[]} />);
    expect(screen.queryByTestId('citations')).toBeNull();
  });
});
