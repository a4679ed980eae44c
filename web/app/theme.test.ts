import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrastRatio, readableOnTint, theme } from './theme.js';

const full = mergeMantineTheme(DEFAULT_THEME, theme);

describe('theme contrast', () => {
  it('gives every palette a light-variant text of at least 4.5:1 on its tint', () => {
    for (const color of Object.keys(full.colors)) {
      expect(contrastRatio(readableOnTint(full, color), full.colors[color]?.[1] ?? ''), color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps already readable palettes at Mantine shade 9', () => {
    expect(readableOnTint(full, 'violet')).toBe(full.colors.violet[9]);
  });

  it('reads the dark-scheme link and placeholder colours at 4.5:1 on a dark card', () => {
    const card = full.colors.dark[6];
    expect(contrastRatio(full.colors.violet[3], card)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(full.colors.dark[1], card)).toBeGreaterThanOrEqual(4.5);
  });
});
