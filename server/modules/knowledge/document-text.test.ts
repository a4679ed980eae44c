import { describe, expect, it } from 'vitest';
import { documentPassageText } from './document-text.js';

describe('documentPassageText', () => {
  it('keeps paragraphs apart and decodes entities, dropping markup and scripts', () => {
    const text = documentPassageText('<h2>Rules</h2><p>Use &lt;b&gt; &amp; &#233;t&#xE9;.</p><ul><li>One</li><li>Two</li></ul><script>alert(1)</script>');
    expect(text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean)).toEqual(['Rules', 'Use <b> & été.', 'One', 'Two']);
  });
});
