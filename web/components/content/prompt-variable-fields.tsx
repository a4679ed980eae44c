import { Textarea } from '@mantine/core';
import { variableLabel } from '../../lib/prompt-template.js';

/**
 * One field per `{{variable}}` of a prompt, for the library's prompt page and the sandbox's insert
 * form. `autoFocus` puts the cursor in the first field when shown in a dialog.
 */
export function PromptVariableFields({
  variables,
  values,
  onChange,
  autoFocus = false,
}: {
  variables: readonly string[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <>
      {variables.map((name, index) => (
        <Textarea
          key={name}
          label={variableLabel(name)}
          value={values[name] ?? ''}
          onChange={(e) => onChange(name, e.currentTarget.value)}
          autosize
          minRows={1}
          maxRows={5}
          data-autofocus={autoFocus && index === 0 ? true : undefined}
        />
      ))}
    </>
  );
}
