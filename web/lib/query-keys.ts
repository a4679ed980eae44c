/**
 * Every TanStack Query key of the web app, in one place. A key's first element names the area it
 * belongs to, so `invalidateQueries({ queryKey: queryKeys.x.all })` reaches every query of that
 * area and nothing else. Add a new area here rather than writing a key inline in a feature.
 *
 * Filters are passed whole (any plain object); TanStack hashes them, so equal filters share a cache entry.
 */
export const queryKeys = {
  /** The signed-in user with evaluated flags; `null` means nobody is signed in. */
  me: ['me'] as const,

  users: {
    all: ['users'] as const,
    list: (filters: object) => ['users', 'list', filters] as const,
    detail: (id: string) => ['users', 'detail', id] as const,
    twoFactor: (id: string) => ['users', 'two-factor', id] as const,
  },

  /** The sign-in page's authenticator set-up, one per second-step token. */
  signIn: {
    enrolment: (mfaToken: string) => ['sign-in', 'enrolment', mfaToken] as const,
  },

  /** The signed-in person's own settings (profile page). */
  profile: {
    all: ['profile'] as const,
    twoFactor: ['profile', 'two-factor'] as const,
  },

  communities: {
    all: ['communities'] as const,
    list: (q: string) => ['communities', 'list', q] as const,
    detail: (id: string) => ['communities', 'detail', id] as const,
    members: (id: string) => ['communities', 'members', id] as const,
    sso: (id: string) => ['communities', 'sso', id] as const,
    lrs: (id: string) => ['communities', 'lrs', id] as const,
    ltiPlatforms: (id: string) => ['communities', 'lti-platforms', id] as const,
    scim: (id: string) => ['communities', 'scim', id] as const,
    saml: (id: string) => ['communities', 'saml', id] as const,
  },

  /** Data governance (ADR 0042): the caller's communities with their privacy mode. */
  privacy: {
    myCommunities: ['privacy', 'my-communities'] as const,
  },

  /** Look-ups for pickers (web/lib/directory.ts); stale whenever communities or people change. */
  directory: {
    all: ['directory'] as const,
    communities: ['directory', 'communities'] as const,
    people: (q: string) => ['directory', 'people', q] as const,
  },

  /** AI connections (Admin → AI invalidates ['ai'] on every change). */
  ai: {
    /** The connections an agent or an exercise's evaluator may choose (content studio). */
    connectionPicker: ['ai', 'connections', 'picker'] as const,
  },

  content: {
    all: ['content'] as const,
    lists: ['content', 'list'] as const,
    list: (filters: object) => ['content', 'list', filters] as const,
    detail: (id: string) => ['content', 'detail', id] as const,
  },

  library: {
    all: ['library'] as const,
    lists: ['library', 'list'] as const,
    list: (filters: object) => ['library', 'list', filters] as const,
    item: (id: string) => ['library', 'item', id] as const,
  },

  /** Agent knowledge: uploaded files (by the ids an agent holds) and the library picker. */
  knowledge: {
    all: ['knowledge'] as const,
    files: (ids: readonly string[]) => ['knowledge', 'files', ids] as const,
    file: (id: string) => ['knowledge', 'file', id] as const,
    /** A cited file's text, as a member opens it from an answer. */
    passages: (id: string) => ['knowledge', 'passages', id] as const,
    picker: (filters: object) => ['knowledge', 'picker', filters] as const,
  },

  sandbox: {
    all: ['sandbox'] as const,
    conversations: ['sandbox', 'conversations'] as const,
    conversationList: (q: string) => ['sandbox', 'conversations', 'list', q] as const,
    conversation: (id: string) => ['sandbox', 'conversations', 'detail', id] as const,
    messages: (id: string) => ['sandbox', 'messages', id] as const,
    agents: ['sandbox', 'agents'] as const,
    agent: (id: string) => ['sandbox', 'agents', id] as const,
    prompts: (q: string) => ['sandbox', 'prompts', q] as const,
    prompt: (id: string) => ['sandbox', 'prompt', id] as const,
  },

  analytics: {
    all: ['analytics'] as const,
    panel: (panel: string, filter: { from: string; to: string; communityId: string | null }) =>
      ['analytics', panel, filter.from, filter.to, filter.communityId] as const,
    memberReport: (userId: string) => ['analytics', 'member-report', userId] as const,
    memberHome: ['analytics', 'me'] as const,
    /** All time, so the date range is not part of it. */
    memberSkills: (communityId: string | null) => ['analytics', 'member-skills', communityId] as const,
  },

  flags: {
    all: ['flags'] as const,
    /** A mutation key: lets one toggle wait for the others before refetching. */
    update: ['flags', 'update'] as const,
  },

  audit: {
    all: ['audit'] as const,
    list: (query: object) => ['audit', 'list', query] as const,
  },

  errorGroups: {
    all: ['error-groups'] as const,
    list: (source: string | null) => ['error-groups', 'list', source] as const,
  },

  /** Workouts: exercises, attempts, results; `userId` null means the caller's own. */
  exercises: {
    all: ['exercises'] as const,
    list: ['exercises', 'list'] as const,
    exercise: (id: string) => ['exercises', 'item', id] as const,
    attempts: (exerciseId: string, userId: string | null) => ['exercises', 'attempts', exerciseId, userId ?? 'me'] as const,
    attempt: (attemptId: string) => ['exercises', 'attempt', attemptId] as const,
    readers: (attemptId: string) => ['exercises', 'readers', attemptId] as const,
    transcript: (attemptId: string) => ['exercises', 'transcript', attemptId] as const,
    stats: ['exercises', 'stats'] as const,
    members: (exerciseId: string) => ['exercises', 'members', exerciseId] as const,
    skills: (userId: string | null) => ['exercises', 'skills', userId ?? 'me'] as const,
    /** Admins: where every graded exercise's calibration stands (library badges). */
    calibrationStates: ['exercises', 'calibration-states'] as const,
  },

  /** Programs: the admin list and builder, a member's own progress, managers' grids, certificates. */
  /** The review queue and one attempt under review (§10.1). */
  reviews: {
    all: ['reviews'] as const,
    queue: (communityId: string | null) => ['reviews', 'queue', communityId] as const,
    detail: (attemptId: string) => ['reviews', 'detail', attemptId] as const,
  },

  programs: {
    all: ['programs'] as const,
    lists: ['programs', 'list'] as const,
    list: (filters: object) => ['programs', 'list', filters] as const,
    detail: (id: string) => ['programs', 'detail', id] as const,
    progress: (id: string, communityId: string | null) => ['programs', 'progress', id, communityId] as const,
    member: (userId: string) => ['programs', 'member', userId] as const,
    certificates: ['programs', 'certificates'] as const,
    signingKeys: ['programs', 'signing-keys'] as const,
    certificateBranding: ['programs', 'certificate-branding'] as const,
    stepSearch: (filters: object) => ['programs', 'step-search', filters] as const,
    /** Public: a certificate's verification, cached apart from anyone's session. */
    verify: (code: string) => ['verify', code] as const,
  },
} as const;
