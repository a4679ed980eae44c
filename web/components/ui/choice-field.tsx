import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useId } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * A labelled choice between a few options (status, order, role, how to give access). The visible
 * label names the group for screen readers, and the hint, when given, says what the current choice
 * means. `onChange` receives one of `choices`' own values, never an arbitrary string.
 */
export function ChoiceField<T extends string>({
  label,
  choices,
  value,
  onChange,
  hint,
  fullWidth = false,
}: {
  label: string;
  choices: ReadonlyArray<Choice<T>>;
  value: T;
  onChange: (value: T) => void;
  hint?: string;
  fullWidth?: boolean;
}) {
  const labelId = `${useId()}-label`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={labelId}>
        {label}
      </Text>
      <SegmentedControl
        fullWidth={fullWidth}
        aria-labelledby={labelId}
        data={[...choices]}
        // A long choice ("Set a password now") wraps inside its segment on a phone instead of being cut off.
        styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}
        value={value}
        onChange={(picked) => onChange(choices.find((choice) => choice.value === picked)?.value ?? value)}
      />
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}
