import type { CreateContentInput, ContentKind } from '../../contracts/content.js';

/** One valid item of each kind, for tests and benchmarks. */
export function sampleContent(kind: ContentKind, title: string, extra: Partial<CreateContentInput> = {}): CreateContentInput {
  const base = { title, description: `About ${title}`, status: 'published' as const, tags: ['sample'] };
  switch (kind) {
    case 'agent':
      return { ...base, kind, details: { systemPrompt: `You are ${title}, a patient coach.`, temperature: 0.4, maxOutputTokens: 800, starterPrompts: ['Where do I start?'], welcomeMessage: 'Hi!' }, ...extra } as CreateContentInput;
    case 'video':
      return { ...base, kind, details: { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', durationSeconds: 212, transcript: 'never gonna give you up' }, ...extra } as CreateContentInput;
    case 'document':
      return { ...base, kind, details: { bodyHtml: '<h2>Intro</h2><p>Prompting is a skill you can practise.</p>' }, ...extra } as CreateContentInput;
    case 'prompt':
      return { ...base, kind, details: { promptText: 'Summarise {{text}} for {{audience}}.', category: 'Writing' }, ...extra } as CreateContentInput;
    case 'exercise':
      return {
        ...base,
        kind,
        details: {
          brief: 'Write a prompt that asks an assistant to summarise a customer email for a support lead.',
          practiceAgentId: null,
          rubric: [
            { id: 'context', title: 'Gives context', description: 'States who the summary is for and what the email is about.', weight: 2 },
            { id: 'format', title: 'Asks for a format', description: 'Requests a specific output format such as bullet points or a table.', weight: 1 },
          ],
          passMark: 60,
          maxAttempts: null,
          evaluatorInstructions: 'Be strict about the format criterion.',
        },
        ...extra,
      } as CreateContentInput;
    case 'automation':
      return { ...base, kind, details: { workflowUrl: 'https://n8n.example.com/workflow/42', requiredTools: ['n8n', 'Slack'], toolDescription: 'Posts a digest', setupInstructions: '1. Import\n2. Connect Slack' }, ...extra } as CreateContentInput;
  }
}
