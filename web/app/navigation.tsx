import {
  IconAlertTriangle,
  IconChecklist,
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
import type { TFunction } from 'i18next';
import type { MeResponse } from '../../contracts/auth.js';
import type { NavSection } from '../components/layouts/app-shell-layout.js';
import { allKindVisuals } from '../lib/content-kinds.js';
import { i18n } from '../lib/i18n.js';

const icon = { size: 18, stroke: 1.7 } as const;

/** What the navigation offers depends on the platform role and on feature flags. */
/** `t` is the `shell` namespace's. */
export function navigationFor(me: MeResponse, t: TFunction<'shell'>): NavSection[] {
  const dashboard = { label: t('nav.dashboard'), to: '/dashboard', icon: <IconLayoutDashboard {...icon} /> };
  if (me.user.role === 'admin') {
    return [
      { items: [dashboard] },
      {
        title: t('nav.manage'),
        items: [
          {
            label: t('nav.content'),
            to: '/admin/content',
            icon: <IconBooks {...icon} />,
            children: allKindVisuals.map((k) => ({ label: k.plural, to: `/admin/content/${k.slug}`, icon: <k.icon {...icon} /> })),
          },
          ...(me.flags.programs === true ? [{ label: i18n.t('common:nav.programs'), to: '/admin/programs', icon: <IconRoute {...icon} /> }] : []),
          ...(me.flags.exercises === true ? [{ label: t('nav.workoutResults'), to: '/exercises', icon: <IconBarbell {...icon} /> }] : []),
          ...(me.flags.exercises === true ? [{ label: t('nav.reviews'), to: '/reviews', icon: <IconChecklist {...icon} /> }] : []),
          { label: t('nav.communities'), to: '/admin/communities', icon: <IconBuildingCommunity {...icon} /> },
          { label: t('nav.users'), to: '/admin/users', icon: <IconUsers {...icon} /> },
        ],
      },
      {
        title: t('nav.platform'),
        items: [
          { label: t('nav.aiConnections'), to: '/admin/ai', icon: <IconPlugConnected {...icon} /> },
          { label: t('nav.flags'), to: '/admin/flags', icon: <IconFlag {...icon} /> },
          { label: t('nav.audit'), to: '/admin/audit', icon: <IconHistory {...icon} /> },
          { label: t('nav.errors'), to: '/admin/errors', icon: <IconAlertTriangle {...icon} /> },
        ],
      },
    ];
  }
  const items = [dashboard, { label: t('nav.library'), to: '/library', icon: <IconLibrary {...icon} /> }];
  if (me.flags.sandbox === true) {
    items.push({ label: t('nav.sandbox'), to: '/sandbox', icon: <IconMessageChatbot {...icon} /> });
    items.push({ label: t('nav.promptLab'), to: '/lab', icon: <IconFlask {...icon} /> });
  }
  if (me.flags.exercises === true) {
    items.push({ label: t('nav.workouts'), to: '/exercises', icon: <IconBarbell {...icon} /> });
  }
  if (me.flags.programs === true) {
    items.push({ label: i18n.t('common:nav.myPrograms'), to: '/programs', icon: <IconRoute {...icon} /> });
  }
  return [{ items }];
}

export function roleLabel(me: MeResponse, t: TFunction<'shell'>): string {
  if (me.user.role === 'admin') return t('roles.admin');
  return me.communities.some((c) => c.role === 'manager') ? t('roles.manager') : t('roles.member');
}
