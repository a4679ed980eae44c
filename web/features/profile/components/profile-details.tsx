import { Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { changePassword, updateDisplayName } from '../api/profile-api.js';

export function DisplayNameCard({ displayName, email }: { displayName: string; email: string }) {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const [name, setName] = useState(displayName);
  const save = useMutation({
    mutationFn: () => updateDisplayName(name.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({ color: 'teal', closeButtonProps: { 'aria-label': t('common:actions.close') }, message: t('name.saved'), autoClose: 2500 });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <Card padding="lg" component="section" aria-labelledby="profile-name">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Group gap="xs">
            <IconUser size={20} />
            <Title order={2} fz="md" id="profile-name">
              {t('name.title')}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('name.email', { email })}
          </Text>
          <TextInput label={t('name.label')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={120} required error={name.trim() ? undefined : t('name.required')} />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!name.trim() || name.trim() === displayName}>
              {t('name.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function PasswordCard() {
  const { t } = useTranslation('profile');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => changePassword({ currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
      notifications.show({ color: 'teal', closeButtonProps: { 'aria-label': t('common:actions.close') }, message: t('password.saved'), autoClose: 4000 });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (next.length < 8) return setProblem(t('password.tooShort'));
    if (next !== repeat) return setProblem(t('password.mismatch'));
    setProblem(null);
    save.mutate();
  };
  return (
    <Card padding="lg" component="section" aria-labelledby="profile-password">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Group gap="xs">
            <IconKey size={20} />
            <Title order={2} fz="md" id="profile-password">
              {t('password.title')}
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            {t('password.hint')}
          </Text>
          <PasswordInput label={t('password.current')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required />
          <PasswordInput label={t('password.new')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} required />
          <PasswordInput label={t('password.repeat')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} required error={problem} />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!current || !next || !repeat}>
              {t('password.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
