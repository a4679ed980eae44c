import { i18n } from './i18n.js';

/**
 * The switchable features members notice, by flag key; their names live in signed-in.json
 * (features.<key>.title / .name). The flags page uses them to say who loses what; pages of a
 * switched-off feature say it is not available. Other flags are developer switches with no page.
 */
const MEMBER_FEATURES = ['sandbox', 'exercises', 'knowledge'] as const;
type MemberFeature = (typeof MEMBER_FEATURES)[number];

export function isMemberFeature(key: string): key is MemberFeature {
  return (MEMBER_FEATURES as readonly string[]).includes(key);
}

/** The feature as the end of a sentence ("… will no longer see Exercises"), or null for developer flags. */
export function memberFeatureName(key: string): string | null {
  return isMemberFeature(key) ? i18n.t(`signed-in:features.${key}.name`) : null;
}

/** A flag's heading: the feature's name, or the key of a developer flag. */
export function flagTitle(key: string): string {
  return isMemberFeature(key) ? i18n.t(`signed-in:features.${key}.title`) : key;
}
