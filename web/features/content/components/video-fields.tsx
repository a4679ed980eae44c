import { AspectRatio, Box, Group, Stack, Text, TextInput, Textarea, ThemeIcon } from '@mantine/core';
import { IconBrandVimeo, IconBrandYoutube, IconMovie, IconVideoOff } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { VideoDraft } from '../lib/editor-draft.js';
import { videoEmbedFor } from '../lib/video-embed.js';

const platformIcon = { youtube: IconBrandYoutube, vimeo: IconBrandVimeo, file: IconMovie };

export function VideoFields({
  value,
  onChange,
  errors,
}: {
  value: VideoDraft;
  onChange: (patch: Partial<VideoDraft>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('content');
  const [url] = useDebouncedValue(value.url, 300);
  const embed = videoEmbedFor(url);
  const PlatformIcon = embed ? platformIcon[embed.platform] : IconVideoOff;

  return (
    <Stack gap="md">
      <TextInput
        label={t('video.url')}
        description={t('video.urlHint')}
        placeholder="https://www.youtube.com/watch?v=…"
        value={value.url}
        onChange={(e) => onChange({ url: e.currentTarget.value })}
        error={errors.url}
        required
      />
      <Box>
        <Group gap={6} mb={6}>
          <PlatformIcon size={16} stroke={1.7} color="var(--mantine-color-dimmed)" />
          <Text size="sm" fw={500}>
            {t('preview')}
          </Text>
          {embed ? (
            <Text size="xs" c="dimmed">
              · {t(`video.platform.${embed.platform}`)}
            </Text>
          ) : null}
        </Group>
        <AspectRatio ratio={16 / 9} maw={640}>
          {embed === null ? (
            <Stack
              align="center"
              justify="center"
              gap={6}
              bg="var(--mantine-color-default-hover)"
              style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px dashed var(--mantine-color-default-border)' }}
              data-testid="video-preview-empty"
            >
              <ThemeIcon variant="light" color="gray" size={40} radius="xl">
                <IconVideoOff size={20} />
              </ThemeIcon>
              <Text size="sm" c="dimmed" ta="center" px="md">
                {url.trim() ? t('video.notVideo') : t('video.pasteLink')}
              </Text>
            </Stack>
          ) : embed.platform === 'file' ? (
            <video
              key={embed.embedUrl}
              src={embed.embedUrl}
              controls
              preload="metadata"
              data-testid="video-preview"
              style={{ borderRadius: 'var(--mantine-radius-md)', background: 'black' }}
            />
          ) : (
            <iframe
              key={embed.embedUrl}
              src={embed.embedUrl}
              title={t('video.previewTitle')}
              data-testid="video-preview"
              allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; fullscreen"
              allowFullScreen
              referrerPolicy="strict-origin-when-cross-origin"
              style={{ border: 0, borderRadius: 'var(--mantine-radius-md)' }}
            />
          )}
        </AspectRatio>
      </Box>
      <TextInput
        label={t('video.duration')}
        description={t('video.durationHint')}
        placeholder="4:05"
        value={value.duration}
        onChange={(e) => onChange({ duration: e.currentTarget.value })}
        error={errors.duration ?? errors.durationSeconds}
        maw={200}
      />
      <Textarea
        label={t('video.transcript')}
        description={t('video.transcriptHint')}
        value={value.transcript}
        onChange={(e) => onChange({ transcript: e.currentTarget.value })}
        error={errors.transcript}
        autosize
        minRows={4}
        maxRows={16}
      />
    </Stack>
  );
}
