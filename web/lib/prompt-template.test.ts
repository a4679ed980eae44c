import { describe, expect, it } from 'vitest';
import { malformedVariables, promptVariables } from '../../contracts/content.js';
import { handedOffValues, promptSegments, variableLabel } from './prompt-template.js';

describe('promptSegments', () => {
  it('splits text around {{variables}} and keeps every character', () => {
    const text = 'Write to {{ name }} about {{topic}}.';
    const segments = promptSegments(text);
    expect(segments).toEqual([
      { type: 'text', text: 'Write to ' },
      { type: 'variable', text: '{{ name }}', name: 'name' },
      { type: 'text', text: ' about ' },
      { type: 'variable', text: '{{topic}}', name: 'topic' },
      { type: 'text', text: '.' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('leaves text without placeholders, and malformed braces, as plain text', () => {
    expect(promptSegments('no vars {here} {{ }} {{bad name}}')).toEqual([
      { type: 'text', text: 'no vars {here} {{ }} {{bad name}}' },
    ]);
    expect(promptSegments('')).toEqual([]);
  });

  it('finds the same variable names as the server does', () => {
    const text = '{{a}} {{b.c}} {{a}} {{d-e}} {{ f }}';
    const names = [...new Set(promptSegments(text).flatMap((s) => (s.type === 'variable' ? [s.name] : [])))];
    expect(names).toEqual(promptVariables(text));
  });
});

describe('malformed variables', () => {
  it('finds placeholders that are not variables, and leaves real variables alone', () => {
    expect(malformedVariables('Hi {{two words}}, about {{topic}} and {{ ok.name }} {{}}')).toEqual(['{{two words}}', '{{}}']);
    expect(malformedVariables('Write to {{customer}} about {{topic_1}}.')).toEqual([]);
  });
});

describe('handedOffValues', () => {
  const id = '20000000-0000-4000-8000-000000000001';
  it('reads the values handed over for this prompt, and only strings', () => {
    expect(handedOffValues({ promptHandOff: { promptId: id, values: { topic: 'pricing', bad: 3 } } }, id)).toEqual({ topic: 'pricing' });
  });
  it('ignores another prompt’s values and any other state', () => {
    expect(handedOffValues({ promptHandOff: { promptId: 'other', values: { topic: 'x' } } }, id)).toEqual({});
    expect(handedOffValues(null, id)).toEqual({});
    expect(handedOffValues({ from: '/library' }, id)).toEqual({});
  });
  it('labels a variable in words', () => {
    expect(variableLabel('customer_name')).toBe('customer name');
  });
});
