import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render.js';
import { ChoiceField } from './choice-field.js';

type Order = 'sequential' | 'free';

function OrderPicker({ onChange }: { onChange: (order: Order) => void }) {
  const [order, setOrder] = useState<Order>('sequential');
  return (
    <ChoiceField
      label="Order"
      choices={[
        { value: 'sequential', label: 'In order' },
        { value: 'free', label: 'Any order' },
      ]}
      value={order}
      onChange={(next) => {
        setOrder(next);
        onChange(next);
      }}
      hint={order === 'sequential' ? 'One step after another.' : 'Steps in any order.'}
    />
  );
}

describe('ChoiceField', () => {
  it('is a radio group named by its visible label, and hands back the chosen value with its hint', async () => {
    const onChange = vi.fn();
    renderWithApp(<OrderPicker onChange={onChange} />);
    const group = await screen.findByRole('radiogroup', { name: 'Order' });
    expect(group).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'In order' })).toHaveProperty('checked', true);
    expect(screen.getByText('One step after another.')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Any order' }));
    expect(onChange).toHaveBeenCalledWith('free');
    expect(screen.getByRole('radio', { name: 'Any order' })).toHaveProperty('checked', true);
    expect(screen.getByText('Steps in any order.')).toBeTruthy();
  });
});
