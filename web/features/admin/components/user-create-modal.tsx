import {
  Button,
  Group,
  MultiSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { Dialog } from '../../../components/ui/dialog.js';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createUserSchema, type PlatformRole, type UserDetail } from '../../../../contracts/users.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { useCreateUser } from '../hooks/use-users.js';
import { ChoiceField } from '../../../components/ui/choice-field.js';

type Access = 'invite' | 'password';

/** Create a user with a password, or without one — then the server emails an invitation. */
export function UserCreateModal({ onClose, onCreated }: { onClose: () => void; onCreated?: (user: UserDetail) => void }) {
  const { t } = useTranslation('admin');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<PlatformRole>('member');
  const [access, setAccess] = useState<Access>('invite');
  const [password, setPassword] = useState('');
  const [communityIds, setCommunityIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const communities = useCommunityDirectory();
  const create = useCreateUser();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = createUserSchema.safeParse({
      email,
      displayName,
      role,
      password: access === 'password' ? password : undefined,
      communityIds: communityIds.length ? communityIds : undefined,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    if (access === 'password' && !password) {
      setErrors({ password: t('userCreate.passwordMissing') });
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        notifications.show({
          color: 'teal',
          title: access === 'invite' ? t('userCreate.invitedTitle') : t('userCreate.createdTitle'),
          message: access === 'invite' ? t('userCreate.invitedBody', { email: user.email }) : t('userCreate.createdBody', { email: user.email }),
        });
        onClose();
        onCreated?.(user);
      },
    });
  };

  return (
    <Dialog opened onClose={onClose} title={<Text fw={650}>{t('userCreate.title')}</Text>} centered size="lg">
      <form onSubmit={onSubmit} noValidate aria-label={t('userCreate.title')}>
        <Stack gap="md">
          {create.error ? <ErrorAlert error={create.error} /> : null}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput
              label={t('fields.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
              required
              data-autofocus
            />
            <TextInput
              label={t('fields.name')}
              value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)}
              error={errors.displayName}
              required
            />
          </SimpleGrid>
          <ChoiceField
            label={t('fields.platformRole')}
            choices={[
              { value: 'member', label: t('platformRole.member') },
              { value: 'admin', label: t('platformRole.administrator') },
            ]}
            value={role}
            onChange={setRole}
          />
          <ChoiceField
            label={t('userCreate.access')}
            choices={[
              { value: 'invite', label: t('userCreate.accessInvite') },
              { value: 'password', label: t('userCreate.accessPassword') },
            ]}
            value={access}
            onChange={setAccess}
            hint={access === 'invite' ? t('userCreate.accessInviteHint') : t('userCreate.accessPasswordHint')}
          />
          {access === 'password' ? (
            <PasswordInput
              label={t('userCreate.password')}
              description={t('userCreate.passwordHint')}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              required
            />
          ) : null}
          <MultiSelect
            label={t('communities.title')}
            description={t('userCreate.communitiesHint')}
            placeholder={communities.isPending ? t('common:status.loading') : t('userCreate.chooseCommunities')}
            data={communityOptions(communities.data)}
            value={communityIds}
            onChange={setCommunityIds}
            searchable
            clearable
            error={errors.communityIds ?? (communities.error ? t('communitiesLoadError') : undefined)}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {access === 'invite' ? t('userCreate.sendInvitation') : t('userCreate.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
