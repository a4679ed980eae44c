import { AspectRatio } from '@mantine/core';
import type { VideoDetails } from '../../../../contracts/content.js';

/** YouTube (privacy-enhanced youtube-nocookie) and Vimeo play in their embed; files in <video>. */
export function VideoPlayer({ details, title }: { details: VideoDetails; title: string }) {
  return (
    <AspectRatio ratio={16 / 9} style={{ borderRadius: 'var(--mantine-radius-lg)', overflow: 'hidden', background: 'black' }}>
      {details.platform === 'file' ? (
        <video src={details.embedUrl} controls preload="metadata" data-testid="video-player" />
      ) : (
        <iframe
          src={details.embedUrl}
          title={title}
          data-testid="video-player"
          allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; fullscreen"
          allowFullScreen
          referrerPolicy="strict-origin-when-cross-origin"
          style={{ border: 0 }}
        />
      )}
    </AspectRatio>
  );
}
