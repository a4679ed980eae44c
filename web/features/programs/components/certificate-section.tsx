import { Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { IconDownload, IconExternalLink, IconEye } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { EditorSection } from '../../../components/ui/editor-section.js';
import { saveBlob } from '../../../lib/http/stream.js';
import { fetchCertificatePreview } from '../api/certificate-branding-api.js';

export interface CertificateFields {
  certificate: boolean;
  validDays: number | null;
  hours: number | null;
}

/**
 * The builder's certificate card (issue 25): on or off, validity, the program's learning hours, and
 * a preview of the certificate as the saved program would print it, issued to nobody.
 */
export function CertificateSection({
  programId,
  value,
  unsaved,
  onChange,
}: {
  /** null while the program is not saved yet: there is nothing to preview. */
  programId: string | null;
  value: CertificateFields;
  /** The form has changes the preview (made from the saved program) would not show. */
  unsaved: boolean;
  onChange: (patch: Partial<CertificateFields>) => void;
}) {
  const { t } = useTranslation('programs');
  const [sample, setSample] = useState<{ blob: Blob; url: string } | null>(null);
  const preview = useMutation({
    mutationFn: fetchCertificatePreview,
    onSuccess: (blob) => setSample({ blob, url: URL.createObjectURL(blob) }),
  });
  useEffect(() => (sample ? () => URL.revokeObjectURL(sample.url) : undefined), [sample]);
  return (
    <EditorSection title={t('builder.certificate')}>
      <Stack gap="md">
        <Switch label={t('builder.certificateOn')} checked={value.certificate} onChange={(e) => onChange({ certificate: e.currentTarget.checked })} />
        {value.certificate ? (
          <NumberInput
            label={t('builder.validDays')}
            description={t('builder.validDaysHelp')}
            placeholder={t('builder.neverExpires')}
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={value.validDays ?? ''}
            onChange={(v) => onChange({ validDays: typeof v === 'number' && v > 0 ? v : null })}
          />
        ) : null}
        <NumberInput
          label={t('builder.hours')}
          description={t('builder.hoursHelp')}
          placeholder={t('builder.noHours')}
          min={0.5}
          max={1000}
          step={0.5}
          decimalScale={1}
          allowNegative={false}
          value={value.hours ?? ''}
          onChange={(v) => onChange({ hours: typeof v === 'number' && v > 0 ? v : null })}
          data-testid="program-hours"
        />
        {value.certificate ? (
          <Stack gap={4}>
            <Group>
              <Button
                variant="default"
                leftSection={<IconEye size={16} aria-hidden />}
                disabled={!programId}
                loading={preview.isPending}
                onClick={() => programId && preview.mutate(programId)}
                data-testid="certificate-preview"
              >
                {t('builder.previewCertificate')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {!programId ? t('builder.previewNeedsSave') : unsaved ? t('builder.previewSavedOnly') : t('builder.previewHelp')}
            </Text>
            {preview.error ? <ErrorAlert error={preview.error} /> : null}
          </Stack>
        ) : null}
      </Stack>
      {sample ? <PreviewDialog sample={sample} onClose={() => setSample(null)} /> : null}
    </EditorSection>
  );
}

/**
 * The sample as a link to open and a download. Not embedded: the app's content policy frames no
 * blob: documents, and the PDF itself refuses to be framed.
 */
function PreviewDialog({ sample, onClose }: { sample: { blob: Blob; url: string }; onClose: () => void }) {
  const { t } = useTranslation('programs');
  return (
    <Dialog opened onClose={onClose} title={t('builder.previewTitle')} size="md" closeButtonProps={{ 'aria-label': t('builder.previewClose') }}>
      <Stack gap="md" data-testid="certificate-preview-dialog">
        <Text size="sm">{t('builder.previewSample')}</Text>
        <Group gap="sm">
          <Button component="a" href={sample.url} target="_blank" rel="noopener" leftSection={<IconExternalLink size={16} aria-hidden />} data-testid="certificate-preview-open">
            {t('builder.previewOpen')}
          </Button>
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => saveBlob(sample.blob, 'certificate-preview.pdf')}>
            {t('builder.previewDownload')}
          </Button>
        </Group>
      </Stack>
    </Dialog>
  );
}
