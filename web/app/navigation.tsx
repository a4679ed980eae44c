import {
  IconAlertTriangle,
  IconBooks,
  IconBuildingCommunity,
  IconFileText,
  IconFlag,
  IconFlask,
  IconHistory,
  IconLayoutDashboard,
  IconLibrary,
  IconMessageChatbot,
  IconPlayerPlay,
  IconPlugConnected,
  IconPrompt,
  IconRobot,
  IconRoute,
  IconUsers,
} from '@tabler/icons-react';
import type { MeResponse } from '../../contracts/auth.js';
import type { NavSection } from '../components/layouts/app-shell-layout.js';

const icon = { size: 18, stroke: 1.7 } as const;

export const contentKinds = [
  { kind: 'agents', label: 'Agents', icon: <IconRobot {...icon} /> },
  { kind: 'videos', label: 'Videos', icon: <IconPlayerPlay {...icon} /> },
  { kind: 'documents', label: 'Documents', icon: <IconFileText {...icon} /> },
  { kind: 'prompts', label: 'Prompts', icon: <IconPrompt {...icon} /> },
  { kind: 'automations', label: 'Automations', icon: <IconRoute {...icon} /> },
] as const;

/** What the navigation offers depends on the platform role and on feature flags. */
export function navigationFor(me: MeResponse): NavSection[] {
  const dashboard = { label: 'Dashboard', to: '/dashboard', icon: <IconLayoutDashboard {...icon} /> };
  if (me.user.role === 'admin') {
    return [
      { items: [dashboard] },
      {
        title: 'Manage',
        items: [
          {
            label: 'Content',
            to: '/admin/content',
            icon: <IconBooks {...icon} />,
            children: contentKinds.map((k) => ({ label: k.label, to: `/admin/content/${k.kind}`, icon: k.icon })),
          },
          { label: 'Communities', to: '/admin/communities', icon: <IconBuildingCommunity {...icon} /> },
          { label: 'Users', to: '/admin/users', icon: <IconUsers {...icon} /> },
        ],
      },
      {
        title: 'Platform',
        items: [
          { label: 'AI connections', to: '/admin/ai', icon: <IconPlugConnected {...icon} /> },
          { label: 'Flags', to: '/admin/flags', icon: <IconFlag {...icon} /> },
          { label: 'Audit', to: '/admin/audit', icon: <IconHistory {...icon} /> },
          { label: 'Errors', to: '/admin/errors', icon: <IconAlertTriangle {...icon} /> },
        ],
      },
    ];
  }
  const items = [dashboard, { label: 'Library', to: '/library', icon: <IconLibrary {...icon} /> }];
  if (me.flags.sandbox === true) {
    items.push({ label: 'Sandbox', to: '/sandbox', icon: <IconMessageChatbot {...icon} /> });
    items.push({ label: 'Prompt Lab', to: '/lab', icon: <IconFlask {...icon} /> });
  }
  return [{ items }];
}

export function roleLabel(me: MeResponse): string {
  if (me.user.role === 'admin') return 'Administrator';
  return me.communities.some((c) => c.role === 'manager') ? 'Community manager' : 'Member';
}
