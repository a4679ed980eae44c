import {
  IconAlertTriangle,
  IconBarbell,
  IconBooks,
  IconBuildingCommunity,
  IconFlag,
  IconFlask,
  IconHistory,
  IconLayoutDashboard,
  IconLibrary,
  IconMessageChatbot,
  IconPlugConnected,
  IconRoute,
  IconUsers,
} from '@tabler/icons-react';
import type { MeResponse } from '../../contracts/auth.js';
import type { NavSection } from '../components/layouts/app-shell-layout.js';
import { allKindVisuals } from '../lib/content-kinds.js';
import { i18n } from '../lib/i18n.js';

const icon = { size: 18, stroke: 1.7 } as const;

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
            children: allKindVisuals.map((k) => ({ label: k.plural, to: `/admin/content/${k.slug}`, icon: <k.icon {...icon} /> })),
          },
          ...(me.flags.programs === true ? [{ label: i18n.t('common:nav.programs'), to: '/admin/programs', icon: <IconRoute {...icon} /> }] : []),
          ...(me.flags.exercises === true ? [{ label: 'Workout results', to: '/exercises', icon: <IconBarbell {...icon} /> }] : []),
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
  if (me.flags.exercises === true) {
    items.push({ label: 'Workouts', to: '/exercises', icon: <IconBarbell {...icon} /> });
  }
  if (me.flags.programs === true) {
    items.push({ label: i18n.t('common:nav.myPrograms'), to: '/programs', icon: <IconRoute {...icon} /> });
  }
  return [{ items }];
}

export function roleLabel(me: MeResponse): string {
  if (me.user.role === 'admin') return 'Administrator';
  return me.communities.some((c) => c.role === 'manager') ? 'Community manager' : 'Member';
}
