import { IconLibrary } from '@tabler/icons-react';
import { ComingSoon } from '../../../components/ui/coming-soon.js';
import { PageHeader } from '../../../components/ui/page-header.js';

export function LibraryPlaceholder() {
  return (
    <>
      <PageHeader title="Library" description="Everything assigned to your communities, in one place." />
      <ComingSoon icon={<IconLibrary size={32} />} title="Your library is on its way">
        Videos, documents, prompts and automations your trainers assign to your communities will appear here.
      </ComingSoon>
    </>
  );
}
