import {
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { createUserSchema, platformRoleSchema, type PlatformRole, type UserDetail } from '../../../../contracts/users.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { useCreateUser } from '../hooks/use-users.js';

type Access = 'invite' | 'password';

/** Create a user with a password, or without one — then the server emails an invitation. */
export function UserCreateModal({ onClose, onCreated }: { onClose: () => void; onCreated?: (user: UserDetail) => void }) {
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
      setErrors({ password: 'Enter a password, or send an invitation instead.' });
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        notifications.show({
          color: 'teal',
          title: access === 'invite' ? 'Invitation sent' : 'User created',
          message: access === 'invite' ? `We emailed ${user.email} a link to join.` : `${user.email} can sign in now.`,
        });
        onClose();
        onCreated?.(user);
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>Add a person</Text>} centered size="lg">
      <form onSubmit={onSubmit} noValidate aria-label="Add a person">
        <Stack gap="md">
          {create.error ? <ErrorAlert error={create.error} /> : null}
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
              required
              data-autofocus
              miw={220}
            />
            <TextInput
              label="Name"
              value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)}
              error={errors.displayName}
              required
              miw={220}
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Platform role
            </Text>
            <SegmentedControl
              aria-label="Platform role"
              value={role}
              onChange={(v) => setRole(platformRoleSchema.catch('member').parse(v))}
              data={[
                { value: 'member', label: 'Member' },
                { value: 'admin', label: 'Administrator' },
              ]}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              How they get in
            </Text>
            <SegmentedControl
              aria-label="How they get in"
              value={access}
              onChange={(v) => setAccess(v === 'password' ? 'password' : 'invite')}
              data={[
                { value: 'invite', label: 'Email an invitation' },
                { value: 'password', label: 'Set a password now' },
              ]}
            />
            <Text size="xs" c="dimmed">
              {access === 'invite'
                ? 'They receive an email with a link to choose their own password.'
                : 'Share the password with them securely; they can change it later.'}
            </Text>
          </Stack>
          {access === 'password' ? (
            <PasswordInput
              label="Password"
              description="At least 8 characters."
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              required
            />
          ) : null}
          <MultiSelect
            label="Communities"
            description="Optional. They join as members; make them managers from the community page."
            placeholder={communities.isPending ? 'Loading…' : 'Choose communities'}
            data={communityOptions(communities.data)}
            value={communityIds}
            onChange={setCommunityIds}
            searchable
            clearable
            error={errors.communityIds ?? (communities.error ? 'Communities could not be loaded.' : undefined)}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              {access === 'invite' ? 'Send invitation' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
