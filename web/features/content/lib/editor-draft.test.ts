import { describe, expect, it } from 'vitest';
import { createContentSchema } from '../../../../contracts/content.js';
import { createPayload, emptyDraft, fieldKey, localErrors, serverFieldErrors } from './editor-draft.js';

describe('editor drafts', () => {
  it('builds a create body the API schema accepts, for every kind', () => {
    for (const kind of ['agent', 'video', 'document', 'prompt', 'automation'] as const) {
      const draft = emptyDraft(kind);
      draft.shared.title = 'A title';
      const d = draft.details;
      if (d.kind === 'agent') d.systemPrompt = 'You coach.';
      if (d.kind === 'video') {
        d.url = 'https://youtu.be/dQw4w9WgXcQ';
        d.duration = '3:32';
      }
      if (d.kind === 'prompt') d.promptText = 'Hi {{name}}';
      if (d.kind === 'automation') d.workflowUrl = 'https://n8n.example.com/workflow/1';
      const result = createContentSchema.safeParse(createPayload(draft));
      expect(result.success, `${kind}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('sends the video duration in seconds and an unset model as null', () => {
    const video = emptyDraft('video');
    if (video.details.kind === 'video') video.details.duration = '1:02:03';
    expect(createPayload(video).details).toMatchObject({ durationSeconds: 3723 });
    expect(createPayload(emptyDraft('agent')).details).toMatchObject({ model: null });
  });

  it('sends the agent\'s knowledge as it was picked', () => {
    const agent = emptyDraft('agent');
    const knowledge = { contentIds: ['00000000-0000-4000-8000-000000000001'], fileIds: ['00000000-0000-4000-8000-000000000002'], strict: true };
    if (agent.details.kind === 'agent') agent.details.knowledge = knowledge;
    expect(createPayload(agent).details).toMatchObject({ knowledge });
    expect(createPayload(emptyDraft('agent')).details).toMatchObject({ knowledge: { contentIds: [], fileIds: [], strict: false } });
  });

  it('sends the exercise evaluator\'s connection and model, the built-in provider as null', () => {
    const exercise = emptyDraft('exercise');
    expect(createPayload(exercise).details).toMatchObject({ evaluatorConnectionId: null, evaluatorModel: null });
    if (exercise.details.kind === 'exercise') {
      exercise.details.evaluatorConnectionId = '00000000-0000-4000-8000-000000000003';
      exercise.details.evaluatorModel = 'judge-large';
    }
    expect(createPayload(exercise).details).toMatchObject({ evaluatorConnectionId: '00000000-0000-4000-8000-000000000003', evaluatorModel: 'judge-large' });
  });

  it('flags a duration it cannot read', () => {
    const video = emptyDraft('video');
    if (video.details.kind === 'video') video.details.duration = 'four minutes';
    expect(localErrors(video)).toHaveProperty('duration');
  });

  it('maps API issue paths to form fields', () => {
    expect(fieldKey('details.url')).toBe('url');
    expect(fieldKey(['details', 'starterPrompts', 0])).toBe('starterPrompts');
    expect(fieldKey('title')).toBe('title');
    expect(serverFieldErrors({ in: 'body', issues: [{ path: 'details.url', message: 'unsupported video URL' }] })).toEqual({
      url: 'unsupported video URL',
    });
    expect(serverFieldErrors(undefined)).toEqual({});
  });
});
