import type { Flag } from '../../../../contracts/flags.js';
import { memberFeatureName } from '../../../lib/features.js';

/** Who a flag reaches, in words, from its three settings. */
export function reachOf(flag: Flag): string {
  if (!flag.enabled) return 'Off for everyone';
  const who =
    flag.communityIds.length === 0
      ? 'everyone'
      : `members of ${flag.communityIds.length} ${flag.communityIds.length === 1 ? 'community' : 'communities'}`;
  if (flag.rolloutPercentage === 0) return 'On, but rolled out to nobody';
  if (flag.rolloutPercentage === 100) return `On for ${who}`;
  return `On for ${flag.rolloutPercentage}% of ${who}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What switching a member-facing flag off takes away, and from whom ("Members of all 4 communities
 * will no longer see Exercises."), or null when nobody would notice (a developer flag, or already
 * reaching nobody), so no confirmation is needed.
 */
export function switchOffImpact(flag: Flag, communityNames: ReadonlyMap<string, string>): string | null {
  const feature = memberFeatureName(flag.key);
  if (!feature || !flag.enabled || flag.rolloutPercentage === 0) return null;
  const total = communityNames.size;
  const targeted = flag.communityIds.map((id) => communityNames.get(id) ?? 'a community that no longer exists');
  const communities =
    flag.communityIds.length === 0
      ? total === 1
        ? 'the one community'
        : `all ${total} communities`
      : joinNames(targeted);
  const share = flag.rolloutPercentage < 100 ? `About ${flag.rolloutPercentage}% of members` : 'Members';
  return `${share} of ${communities} will no longer see ${feature}.`;
}
