import { AppError } from '../../lib/app-error.js';

export interface ParsedVideo {
  platform: 'youtube' | 'vimeo' | 'file';
  externalId: string;
  embedUrl: string;
}

const youtubeId = /^[\w-]{11}$/;

/**
 * Recognises the video sources the player supports: YouTube, Vimeo and direct .mp4/.webm files.
 * Anything else is refused, so members never get a page that cannot play.
 */
export function parseVideoUrl(raw: string): ParsedVideo {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unsupported();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw unsupported();
  const host = url.hostname.replace(/^www\.|^m\./, '');

  if (host === 'youtube.com' || host === 'youtube-nocookie.com' || host === 'youtu.be') {
    const parts = url.pathname.split('/').filter(Boolean);
    const id =
      host === 'youtu.be' ? parts[0] : parts[0] === 'watch' ? url.searchParams.get('v') : ['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '') ? parts[1] : undefined;
    if (id && youtubeId.test(id)) return { platform: 'youtube', externalId: id, embedUrl: `https://www.youtube-nocookie.com/embed/${id}` };
    throw invalidUrl('That YouTube link has no video id. Paste the link of one video.');
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = url.pathname.split('/').filter(Boolean).find((part) => /^\d{3,12}$/.test(part));
    if (id) return { platform: 'vimeo', externalId: id, embedUrl: `https://player.vimeo.com/video/${id}` };
    throw invalidUrl('That Vimeo link has no video id. Paste the link of one video.');
  }
  if (/\.(mp4|webm)$/i.test(url.pathname) && url.protocol === 'https:') {
    return { platform: 'file', externalId: url.toString(), embedUrl: url.toString() };
  }
  throw unsupported();
}

/** Names the field, so a form can show the message under the URL input. */
function invalidUrl(message: string): AppError {
  return new AppError('validation_failed', message, { details: { in: 'body', issues: [{ path: 'details.url', message }] } });
}

const unsupported = () => invalidUrl('Use a YouTube or Vimeo link, or an https link to an .mp4 or .webm file.');
