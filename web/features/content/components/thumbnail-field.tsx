import '@mantine/dropzone/styles.css';
import { AspectRatio, Box, Button, Group, Image, Loader, Overlay, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dropzone, IMAGE_MIME_TYPE, type FileRejection } from '@mantine/dropzone';
import { IconPhoto, IconPhotoUp, IconTrash, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const MAX_BYTES = 2 * 1024 * 1024;
const ACCEPT = IMAGE_MIME_TYPE.filter((type) => ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(type));

/** The translation key under `content:thumbnail.rejected` for why a file was refused. */
function rejectionReason(rejections: FileRejection[]): 'tooLarge' | 'wrongType' | 'other' {
  const code = rejections[0]?.errors[0]?.code;
  if (code === 'file-too-large') return 'tooLarge';
  if (code === 'file-invalid-type') return 'wrongType';
  return 'other';
}

/** A thumbnail: the saved image (url) or one picked but not uploaded yet (file). */
export function ThumbnailField({
  url,
  file,
  uploading,
  error,
  onFile,
  onRemove,
}: {
  url: string | null;
  file: File | null;
  uploading: boolean;
  error?: string | undefined;
  onFile: (file: File) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('content');
  const [rejected, setRejected] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setPreview(null);
      return undefined;
    }
    const objectUrl = URL.createObjectURL(file);
    setPreview(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  const shown = preview ?? url;

  return (
    <Stack gap="xs">
      {shown ? (
        <Box pos="relative">
          <AspectRatio ratio={16 / 9}>
            <Image src={shown} alt={t('thumbnail.alt')} radius="md" fit="cover" data-testid="thumbnail-image" />
          </AspectRatio>
          {uploading ? (
            <Overlay radius="md" backgroundOpacity={0.45} center>
              <Loader color="white" size="sm" />
            </Overlay>
          ) : null}
        </Box>
      ) : null}
      <Dropzone
        onDrop={(files) => {
          setRejected(null);
          const [first] = files;
          if (first) onFile(first);
        }}
        onReject={(rejections) => setRejected(t(`thumbnail.rejected.${rejectionReason(rejections)}`))}
        maxSize={MAX_BYTES}
        accept={ACCEPT}
        multiple={false}
        loading={uploading}
        radius="md"
        p={shown ? 'xs' : 'lg'}
        aria-label={t('thumbnail.upload')}
      >
        <Group justify="center" gap="sm" wrap="nowrap" mih={shown ? 0 : 96} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept>
            <IconPhotoUp size={28} stroke={1.5} color="var(--mantine-color-violet-6)" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={28} stroke={1.5} color="var(--mantine-color-red-6)" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <ThemeIcon variant="light" color="gray" size={shown ? 28 : 40} radius="xl">
              <IconPhoto size={shown ? 16 : 20} stroke={1.5} />
            </ThemeIcon>
          </Dropzone.Idle>
          <div>
            <Text size="sm" fw={500}>
              {shown ? t('thumbnail.replace') : t('thumbnail.drop')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('thumbnail.formats')}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {rejected || error ? (
        <Text size="xs" c="red" role="alert">
          {rejected ?? error}
        </Text>
      ) : null}
      {shown ? (
        <Group justify="flex-end">
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={onRemove}
            disabled={uploading}
          >
            {t('thumbnail.remove')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
