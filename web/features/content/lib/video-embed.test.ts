import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, videoEmbedFor } from './video-embed.js';

describe('videoEmbedFor', () => {
  it.each([
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ?t=42',
    'https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x',
    'https://www.youtube.com/shorts/dQw4w9WgXcQ',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
  ])('plays %s through youtube-nocookie', (url) => {
    expect(videoEmbedFor(url)).toEqual({
      platform: 'youtube',
      id: 'dQw4w9WgXcQ',
      embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    });
  });

  it.each(['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871', 'https://vimeo.com/channels/staffpicks/76979871'])(
    'plays %s through the Vimeo player',
    (url) => {
      expect(videoEmbedFor(url)).toEqual({ platform: 'vimeo', id: '76979871', embedUrl: 'https://player.vimeo.com/video/76979871' });
    },
  );

  it('plays https .mp4 and .webm files directly', () => {
    expect(videoEmbedFor('https://cdn.example.com/talks/intro.MP4')).toMatchObject({
      platform: 'file',
      embedUrl: 'https://cdn.example.com/talks/intro.MP4',
    });
    expect(videoEmbedFor('https://cdn.example.com/a.webm')?.platform).toBe('file');
  });

  it.each([
    '',
    'not a url',
    'javascript:alert(1)',
    'https://www.youtube.com/watch',
    'https://www.youtube.com/watch?v=short',
    'https://vimeo.com/about',
    'http://cdn.example.com/a.mp4',
    'https://example.com/page',
  ])('recognises nothing in %j', (url) => {
    expect(videoEmbedFor(url)).toBeNull();
  });
});

describe('durations', () => {
  it('reads seconds, m:ss and h:mm:ss', () => {
    expect(parseDuration('95')).toBe(95);
    expect(parseDuration('4:05')).toBe(245);
    expect(parseDuration('1:02:03')).toBe(3723);
    expect(parseDuration(' ')).toBeNull();
    expect(parseDuration('4m')).toBeNull();
  });

  it('formats seconds back', () => {
    expect(formatDuration(245)).toBe('4:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('');
  });
});
