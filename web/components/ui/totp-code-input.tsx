import { TextInput, type TextInputProps } from '@mantine/core';

/** The code as the server wants it (six digits, the spaces people type removed), or null when it is not one. */
export function totpCode(typed: string): string | null {
  const digits = typed.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

type TotpCodeInputProps = Omit<TextInputProps, 'name' | 'inputMode' | 'autoComplete' | 'maxLength' | 'placeholder' | 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
};

/**
 * The 6-digit code from an authenticator app (sign-in, enrolment and the profile page): a numeric
 * keyboard on phones, the browser's one-time-code autofill, and room for the space some apps show
 * in the middle. Check what was typed with `totpCode`.
 */
export function TotpCodeInput({ value, onChange, ...props }: TotpCodeInputProps) {
  return (
    <TextInput
      {...props}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      placeholder="123456"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
