import { Alert, Center, Code, Image, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TotpSetup } from '../../../contracts/auth.js';

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
