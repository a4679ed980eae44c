import { IconBarbell, IconFileText, IconPlayerPlay, IconPrompt, IconRobot, IconRoute } from '@tabler/icons-react';
import type { ContentKind } from '../../../../contracts/content.js';

const icons = { agent: IconRobot, video: IconPlayerPlay, document: IconFileText, prompt: IconPrompt, automation: IconRoute, exercise: IconBarbell };

export function KindIcon({ kind, size = 18 }: { kind: ContentKind; size?: number }) {
  const Icon = icons[kind];
  return <Icon size={size} stroke={1.7} />;
}
