import { IconBarbell, IconFileText, IconPlayerPlay, IconPrompt, IconRobot, IconRoute } from '@tabler/icons-react';
import type { ContentKind } from '../../../../contracts/content.js';

const icons = { agent: IconRobot, video: IconPlayerPlay, document: IconFileText, prompt: IconPrompt, automation: IconRoute, exercise: IconBarbell };

export const kindColor: Record<ContentKind, string> = {
  agent: 'violet',
  video: 'red',
  document: 'blue',
  prompt: 'teal',
  automation: 'orange',
  exercise: 'grape',
};

export const kindGradient: Record<ContentKind, string> = {
  agent: 'linear-gradient(135deg, var(--mantine-color-violet-6), var(--mantine-color-indigo-5))',
  video: 'linear-gradient(135deg, var(--mantine-color-red-6), var(--mantine-color-pink-5))',
  document: 'linear-gradient(135deg, var(--mantine-color-blue-6), var(--mantine-color-cyan-5))',
  prompt: 'linear-gradient(135deg, var(--mantine-color-teal-6), var(--mantine-color-green-5))',
  automation: 'linear-gradient(135deg, var(--mantine-color-orange-6), var(--mantine-color-yellow-5))',
  exercise: 'linear-gradient(135deg, var(--mantine-color-grape-6), var(--mantine-color-violet-5))',
};

export function KindIcon({ kind, size = 18 }: { kind: ContentKind; size?: number }) {
  const Icon = icons[kind];
  return <Icon size={size} stroke={1.7} />;
}
