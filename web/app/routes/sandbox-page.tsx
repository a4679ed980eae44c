import { useDocumentTitle } from '@mantine/hooks';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { SandboxPlaceholder } from '../../features/sandbox/components/sandbox-placeholder.js';

export function SandboxPage() {
  useDocumentTitle('Sandbox · AI GYM');
  const me = useSession();
  return <SandboxPlaceholder enabled={me.flags.sandbox === true} />;
}
