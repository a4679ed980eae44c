import type { TFunction } from 'i18next';
import type { Flag } from '../../../../contracts/flags.js';
import { memberFeatureName } from '../../../lib/features.js';
import { formatPercent } from '../../../lib/format.js';

/** Who a flag reaches, in words, from its three settings. */
export function reachOf(flag: Flag, t: TFunction<'operations'>): string {
  if (!flag.enabled) return t('operations:flags.reach.off');
  const who =
    flag.communityIds.length === 0 ? t('operations:flags.reach.everyone') : t('operations:flags.reach.members', { count: flag.communityIds.length });
  if (flag.rolloutPercentage === 0) return t('operations:flags.reach.nobody');
  if (flag.rolloutPercentage === 100) return t('operations:flags.reach.on', { who });
  return t('operations:flags.reach.onShare', { who, share: formatPercent(flag.rolloutPercentage / 100) });
}

/** "Northwind, Contoso and Fabrikam" in the current language. */
function joinNames(names: string[], t: TFunction<'operations'>): string {
  if (names.length <= 1) return names.join('');
  return t('operations:flags.impact.joined', { rest: names.slice(0, -1).join(', '), last: names[names.length - 1] });
}

/**
 * What switching a member-facing flag off takes away, and from whom ("Members of all 4 communities
 * will no longer see Exercises."), or null when nobody would notice (a developer flag, or already
 * reaching nobody), so no confirmation is needed.
 */
export function switchOffImpact(flag: Flag, communityNames: ReadonlyMap<string, string>, t: TFunction<'operations'>): string | null {
  const feature = memberFeatureName(flag.key);
  if (!feature || !flag.enabled || flag.rolloutPercentage === 0) return null;
  const communities =
    flag.communityIds.length === 0
      ? t('operations:flags.impact.allCommunities', { count: communityNames.size })
      : joinNames(
          flag.communityIds.map((id) => communityNames.get(id) ?? t('operations:flags.impact.goneCommunity')),
          t,
        );
  return flag.rolloutPercentage < 100
    ? t('operations:flags.impact.share', { share: formatPercent(flag.rolloutPercentage / 100), communities, feature })
    : t('operations:flags.impact.all', { communities, feature });
}
