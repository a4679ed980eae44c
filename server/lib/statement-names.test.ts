import { describe, expect, it } from 'vitest';
import { StatementNames } from './statement-names.js';

describe('statement names (ADR 0031)', () => {
  it('names a text once it recurs, and always the same name', () => {
    const names = new StatementNames({ maxNamed: 10, repeatsBeforeNaming: 3, maxTracked: 100, maxTextLength: 1000 });
    expect(names.nameFor('select 1')).toBeUndefined();
    expect(names.nameFor('select 1')).toBeUndefined();
    const name = names.nameFor('select 1');
    expect(name).toMatch(/^aigym_\d+$/);
    expect(names.nameFor('select 1')).toBe(name);
    expect(names.nameFor('select 2')).toBeUndefined();
  });

  it('never names more than its limit, nor long texts', () => {
    const names = new StatementNames({ maxNamed: 2, repeatsBeforeNaming: 1, maxTracked: 100, maxTextLength: 20 });
    expect(names.nameFor('select 1')).toBe('aigym_1');
    expect(names.nameFor('select 2')).toBe('aigym_2');
    expect(names.nameFor('select 3')).toBeUndefined();
    expect(new StatementNames({ maxNamed: 2, repeatsBeforeNaming: 1, maxTracked: 100, maxTextLength: 20 }).nameFor(`select ${'x'.repeat(30)}`)).toBeUndefined();
  });

  it('forgets texts seen once rather than tracking every one (a new text for every IN-list length)', () => {
    const names = new StatementNames({ maxNamed: 10, repeatsBeforeNaming: 2, maxTracked: 3, maxTextLength: 1000 });
    for (let i = 0; i < 1000; i += 1) names.nameFor(`select ${i}`);
    // The last ones are still tracked, so a repeat of one of them is named…
    expect(names.nameFor('select 999')).toBe('aigym_1');
    // …while an early one was forgotten and starts counting again.
    expect(names.nameFor('select 0')).toBeUndefined();
  });
});

describe('renaming a statement whose plan was refused', () => {
  it('gives the text a new name, and leaves texts never named alone', () => {
    const names = new StatementNames({ maxNamed: 10, repeatsBeforeNaming: 1, maxTracked: 100, maxTextLength: 1000 });
    const before = names.nameFor('select a');
    names.rename('select a');
    const after = names.nameFor('select a');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    names.rename('select b');
    expect(names.nameFor('select b')).toMatch(/^aigym_/);
  });
});
