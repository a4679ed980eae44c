/**
 * The switchable features members notice, by flag key, named the way trainers and members know
 * them. The flags page uses the names to say who loses what; pages of a switched-off feature say it
 * is not available. Flags not listed here are developer switches with no member-facing page.
 */
export const memberFeatures: Readonly<Record<string, { title: string; name: string }>> = {
  sandbox: { title: 'AI Sandbox and Prompt Lab', name: 'the AI Sandbox and Prompt Lab' },
  exercises: { title: 'Exercises', name: 'Exercises' },
  knowledge: { title: 'Knowledge files', name: 'answers from knowledge files' },
};

/** The feature as the end of a sentence ("… will no longer see Exercises"), or null for developer flags. */
export function memberFeatureName(key: string): string | null {
  return memberFeatures[key]?.name ?? null;
}

/** A flag's heading: the feature's name, or the key of a developer flag. */
export function flagTitle(key: string): string {
  return memberFeatures[key]?.title ?? key;
}
