export type VideoEmbed =
  | { platform: 'youtube' | 'vimeo'; id: string; embedUrl: string }
  | { platform: 'file'; id: string; embedUrl: string };

const YOUTUBE_ID = /^[\w-]{11}$/;

/**
 * The live preview of a video URL in the editor. Mirrors the server's parser (which has the
 * final word and answers a validation error for anything else): YouTube (played through
 * youtube-nocookie), Vimeo, or an https link to an .mp4/.webm file. null when not recognised.
 */
export function videoEmbedFor(raw: string): VideoEmbed | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/^www\.|^m\./, '');
  const parts = url.pathname.split('/').filter(Boolean);

  if (host === 'youtube.com' || host === 'youtube-nocookie.com' || host === 'youtu.be') {
    const id =
      host === 'youtu.be'
        ? parts[0]
        : parts[0] === 'watch'
          ? url.searchParams.get('v')
          : ['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '')
            ? parts[1]
            : undefined;
    if (!id || !YOUTUBE_ID.test(id)) return null;
    return { platform: 'youtube', id, embedUrl: `https://www.youtube-nocookie.com/embed/${id}` };
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = parts.find((part) => /^\d{3,12}$/.test(part));
    return id ? { platform: 'vimeo', id, embedUrl: `https://player.vimeo.com/video/${id}` } : null;
  }
  if (url.protocol === 'https:' && /\.(mp4|webm)$/i.test(url.pathname)) {
    return { platform: 'file', id: url.toString(), embedUrl: url.toString() };
  }
  return null;
}

/** "1:02:03" / "4:05" → seconds; a bare number is seconds. null when empty or not a duration. */
export function parseDuration(value: string): number | null {
  const text = value.trim();
  if (!text) return null;
  if (!/^\d+(:\d{1,2}){0,2}$/.test(text)) return null;
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
