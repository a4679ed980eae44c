import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../../test/render.js';
import type { LiveTurn } from '../lib/visible-messages.js';
import { LiveAssistantMessage } from './message-item.js';

const notSaved = 'The answer could not be saved because the database stopped answering, so it is shown as cut off. Copy what you need, then retry.';

describe('LiveAssistantMessage', () => {
  it('shows an answer the server could not store as cut off, keeps its text and offers Retry', () => {
    const onRetry = vi.fn();
    const turn: LiveTurn = {
      key: 1,
      request: { kind: 'send', text: 'Tell me everything' },
      phase: 'done',
      text: 'The first half of a useful answer',
      status: 'error',
      error: new Error(notSaved),
      accepted: true,
      metadata: { status: 'interrupted', userMessageId: 'u1' },
    };
    renderWithApp(<LiveAssistantMessage turn={turn} onRetry={onRetry} />);
    expect(screen.getByText('The first half of a useful answer')).toBeTruthy();
    expect(screen.getByText('The answer was cut off')).toBeTruthy();
    expect(screen.queryByText('The answer failed')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /retry/i }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
