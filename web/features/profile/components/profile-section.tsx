import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert } from '../../../components/errors/error-alert.js';

/** One card of the profile page: a section named by its heading (icon and title), with an optional badge beside it. */
export function ProfileSection({ id, icon: SectionIcon, title, badge, testId, children }: {
  /** The heading's id, which names the section for screen readers. */
  id: string;
  icon: Icon;
  title: string;
  badge?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Card padding="lg" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="md">
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <SectionIcon size={20} />
            <Title order={2} fz="md" id={id}>
              {title}
            </Title>
          </Group>
          {badge}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

/** A profile card that is one form: a hint, the fields, the server's error, and one submit button. */
export function ProfileFormSection({ hint, error, submitLabel, submitting, canSubmit, onSubmit, children, ...section }: {
  id: string;
  icon: Icon;
  title: string;
  hint: string;
  error: unknown;
  submitLabel: string;
  submitting: boolean;
  canSubmit: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <ProfileSection {...section}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
          {children}
          {error ? <ErrorAlert error={error} /> : null}
          <Group>
            <Button type="submit" loading={submitting} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </ProfileSection>
  );
}
