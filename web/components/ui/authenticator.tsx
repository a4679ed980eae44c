import { Alert, Center, Code, Image, Text, TextInput, type TextInputProps } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TotpSetup } from '../../../contracts/auth.js';

// The authenticator-app pieces of sign-in and the profile page, in one module: one small chunk
// rather than one per piece (each chunk's name is listed in the entry that /login loads).

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

/**
 * What an authenticator app needs to add the account: the QR code to scan, and the key to type
 * when scanning is not possible. Words come from the caller's namespace (sign-in or profile).
 */
export function TotpSetupKey({ setup, labels, icon }: { setup: TotpSetup; labels: { scan: string; qrAlt: string; manualTitle: string }; icon?: ReactNode }) {
  return (
    <>
      <Text size="sm">{labels.scan}</Text>
      <Center>
        <Image src={setup.qrDataUrl} alt={labels.qrAlt} w={200} h={200} radius="sm" bg="white" p={4} />
      </Center>
      <Alert variant="light" color="gray" icon={icon} title={labels.manualTitle}>
        <Code fz="sm" style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
          {setup.secret}
        </Code>
      </Alert>
    </>
  );
}
