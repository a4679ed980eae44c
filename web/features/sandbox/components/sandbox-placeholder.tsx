import { IconLock, IconMessageChatbot } from '@tabler/icons-react';
import { ComingSoon } from '../../../components/ui/coming-soon.js';
import { PageHeader } from '../../../components/ui/page-header.js';

export function SandboxPlaceholder({ enabled }: { enabled: boolean }) {
  return (
    <>
      <PageHeader title="AI Sandbox" description="Practise with the AI agents configured for your communities." />
      {enabled ? (
        <ComingSoon icon={<IconMessageChatbot size={32} />} title="The sandbox is being set up">
          Soon you will chat with your agents here, and every conversation will be kept so you can come back to it.
        </ComingSoon>
      ) : (
        <ComingSoon icon={<IconLock size={32} />} title="The sandbox isn’t switched on for you yet">
          Your administrator has not enabled the AI Sandbox for your account. Your library and dashboard are available
          as usual.
        </ComingSoon>
      )}
    </>
  );
}
