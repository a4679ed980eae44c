import { PasswordInput, TextInput } from '@mantine/core';
import { IconKey, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { changePassword, updateDisplayName } from '../api/profile-api.js';
import { ProfileFormSection } from './profile-section.js';

export function DisplayNameCard({ displayName, email }: { displayName: string; email: string }) {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const [name, setName] = useState(displayName);
  const save = useMutation({
    mutationFn: () => updateDisplayName(name.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notify({ color: 'teal', message: t('name.saved'), autoClose: 2500 });
    },
  });
  return (
    <ProfileFormSection
      id="profile-name"
      icon={IconUser}
      title={t('name.title')}
      hint={t('name.email', { email })}
      error={save.error}
      submitLabel={t('name.save')}
      submitting={save.isPending}
      canSubmit={Boolean(name.trim()) && name.trim() !== displayName}
      onSubmit={() => {
        if (name.trim()) save.mutate();
      }}
    >
      <TextInput label={t('name.label')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={120} required error={name.trim() ? undefined : t('name.required')} />
    </ProfileFormSection>
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
      notify({ color: 'teal', message: t('password.saved'), autoClose: 4000 });
    },
  });
  const onSubmit = () => {
    if (next.length < 8) return setProblem(t('password.tooShort'));
    if (next !== repeat) return setProblem(t('password.mismatch'));
    setProblem(null);
    save.mutate();
  };
  return (
    <ProfileFormSection
      id="profile-password"
      icon={IconKey}
      title={t('password.title')}
      hint={t('password.hint')}
      error={save.error}
      submitLabel={t('password.save')}
      submitting={save.isPending}
      canSubmit={Boolean(current && next && repeat)}
      onSubmit={onSubmit}
    >
      <PasswordInput label={t('password.current')} autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required />
      <PasswordInput label={t('password.new')} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} required />
      <PasswordInput label={t('password.repeat')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} required error={problem} />
    </ProfileFormSection>
  );
}
