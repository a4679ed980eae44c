import { describe, expect, it } from 'vitest';
import { fillTemplate } from './prompt-template.js';

describe('fillTemplate', () => {
  it('replaces every occurrence of a variable with its value', () => {
    expect(fillTemplate('Hi {{name}}, {{ name }}!', { name: 'Ada' })).toBe('Hi Ada, Ada!');
  });

  it('keeps the placeholder of a variable left blank so the gap stays visible', () => {
    expect(fillTemplate('Email {{who}} about {{what}}', { who: 'Sam', what: '  ' })).toBe('Email Sam about {{what}}');
  });

  it('inserts values literally, even when they look like patterns or placeholders', () => {
    expect(fillTemplate('{{a}} / {{b}}', { a: '$& {{b}}', b: 'x' })).toBe('$& {{b}} / x');
  });
});
