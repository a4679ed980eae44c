import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { emptyDraft } from '../lib/editor-draft.js';
import { AgentFields } from './agent-fields.js';
import { EditorFeaturesContext } from './editor-features.js';

useMockApi();
function renderAgentFields(knowledge: boolean) {
  const { details } = emptyDraft('agent');
  if (!('systemPrompt' in details)) throw new Error('expected an agent draft');
  server.use(http.get('/api/ai/connections', () => HttpResponse.json({ items: [], nextCursor: null })));
  signIn();
  renderWithApp(
    <EditorFeaturesContext value={{ knowledge }}>
      <AgentFields value={details} onChange={() => undefined} errors={{}} savedId={null} />
    </EditorFeaturesContext>,
  );
}

describe('agent editor and the knowledge flag', () => {
  it('shows the Knowledge section while the knowledge flag is on', async () => {
    renderAgentFields(true);
    expect(await screen.findByText('Knowledge')).toBeTruthy();
  });

  it('hides the Knowledge section when the knowledge flag is off', async () => {
    renderAgentFields(false);
    expect(await screen.findByText('System prompt')).toBeTruthy();
    expect(screen.queryByText('Knowledge')).toBeNull();
  });
});
