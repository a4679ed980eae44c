import { useDocumentTitle } from '@mantine/hooks';
import { PromptLab } from '../../features/ai/components/prompt-lab.js';

export function PromptLabPage() {
  useDocumentTitle('Prompt Lab · AI GYM');
  return <PromptLab />;
}
