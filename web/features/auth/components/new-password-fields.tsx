import { PasswordInput } from '@mantine/core';

/**
 * A new password typed twice (resetting a password, accepting an invitation). The caller keeps
 * the values and checks them; errors are keyed `password` and `confirm`.
 */
export function NewPasswordFields({ labels, password, confirm, onPasswordChange, onConfirmChange, errors }: {
  labels: { password: string; hint: string; repeat: string };
  password: string;
  confirm: string;
  onPasswordChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
}) {
  return (
    <>
      <PasswordInput
        label={labels.password}
        description={labels.hint}
        name="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPasswordChange(e.currentTarget.value)}
        error={errors.password}
        required
        autoFocus
      />
      <PasswordInput
        label={labels.repeat}
        name="confirm"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirmChange(e.currentTarget.value)}
        error={errors.confirm}
        required
      />
    </>
  );
}
