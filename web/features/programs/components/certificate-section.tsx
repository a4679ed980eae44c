import { Anchor, Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconExternalLink, IconEye } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { Dialog } from '../../../components/ui/dialog.js';
import { EditorSection } from '../../../components/ui/editor-section.js';
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
  const [url, setUrl] = useState<string | null>(null);
  const preview = useMutation({
    mutationFn: fetchCertificatePreview,
    onSuccess: (blob) => setUrl(URL.createObjectURL(blob)),
  });
  useEffect(() => (url ? () => URL.revokeObjectURL(url) : undefined), [url]);
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
      {url ? <PreviewDialog url={url} onClose={() => setUrl(null)} /> : null}
    </EditorSection>
  );
}

function PreviewDialog({ url, onClose }: { url: string; onClose: () => void }) {
  const { t } = useTranslation('programs');
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Dialog opened onClose={onClose} title={t('builder.previewTitle')} size="xl" fullScreen={phone} closeButtonProps={{ 'aria-label': t('builder.previewClose') }}>
      <Stack gap="sm" data-testid="certificate-preview-dialog">
        <Text size="sm">{t('builder.previewSample')}</Text>
        <Anchor href={url} target="_blank" rel="noopener" size="sm" data-testid="certificate-preview-open">
          <Group gap={4} component="span" wrap="nowrap">
            {t('builder.previewOpen')}
            <IconExternalLink size={14} aria-hidden />
          </Group>
        </Anchor>
        <iframe title={t('builder.previewFrame')} src={url} style={{ width: '100%', height: phone ? '70vh' : '60vh', border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }} />
      </Stack>
    </Dialog>
  );
}
