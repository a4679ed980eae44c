import { Alert, Badge, Button, Card, Group, MultiSelect, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconFlask, IconPlayerStop } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LabStreamAnswerData, MAX_LAB_TARGETS } from '../../../../contracts/ai.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { streamCompare } from '../api/lab-stream.js';
import { aiKeys, useLabModels, usePrices } from '../hooks/use-ai.js';
import { useReason } from '../../../lib/failure-reason.js';
import { formatMoney } from '../../../lib/format-money.js';

interface Column {
  label: string;
  model: string;
  text: string;
  done: LabStreamAnswerData | null;
}

const keyOf = (connectionId: string | null, model: string) => `${connectionId ?? 'built-in'}::${model}`;

/** One prompt, up to three models side by side: every answer streams at once and is saved. */
export function PromptLab() {
  const { t } = useTranslation('ai');
  const reason = useReason();
  const models = useLabModels();
  const prices = usePrices();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('');
  const [columns, setColumns] = useState<Column[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  // The server names the environment's provider in English; the page names it in the reader's language.
  const connectionLabel = (m: { connectionId: string | null; connectionName: string }) => (m.connectionId === null ? t('lab.builtIn') : m.connectionName);
  const options = (models.data ?? []).map((m) => ({ value: keyOf(m.connectionId, m.model), label: `${m.model} · ${connectionLabel(m)}${m.offline ? ` ${t('lab.offline')}` : ''}` }));
  const currency = prices.data?.[0]?.currency ?? 'USD';

  const compare = async () => {
    const targets = chosen.flatMap((value) => {
      const found = (models.data ?? []).find((m) => keyOf(m.connectionId, m.model) === value);
      return found ? [found] : [];
    });
    setColumns(targets.map((target) => ({ label: connectionLabel(target), model: target.model, text: '', done: null })));
    setError(null);
    setRunning(true);
    const controller = new AbortController();
    abort.current = controller;
    try {
      await streamCompare({ prompt, targets: targets.map((target) => ({ connectionId: target.connectionId, model: target.model })) }, controller.signal, {
        onDelta: (position, delta) => setColumns((cols) => cols.map((c, i) => (i === position ? { ...c, text: c.text + delta } : c))),
        onAnswerDone: (done) => setColumns((cols) => cols.map((c, i) => (i === done.position ? { ...c, done } : c))),
      });
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof Error ? e.message : t('lab.failed'));
    } finally {
      setRunning(false);
      void queryClient.invalidateQueries({ queryKey: aiKeys.labRuns });
    }
  };

  return (
    <>
      <PageHeader eyebrow={t('lab.eyebrow')} title={t('lab.title')} description={t('lab.description')} />
      <QueryGate pending={models.isPending} error={models.error} onRetry={() => void models.refetch()}>
        <Stack gap="md">
          <MultiSelect
            label={t('lab.models')}
            description={t('lab.modelsHint', { max: MAX_LAB_TARGETS })}
            placeholder={chosen.length === 0 ? t('lab.modelsPlaceholder') : undefined}
            data={options}
            value={chosen}
            onChange={setChosen}
            maxValues={MAX_LAB_TARGETS}
            searchable
            data-testid="lab-models"
          />
          <Textarea label={t('lab.prompt')} placeholder={t('lab.promptPlaceholder')} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} autosize minRows={3} maxRows={10} maxLength={8000} />
          <Group>
            <Button leftSection={<IconFlask size={16} />} onClick={() => void compare()} loading={running} disabled={chosen.length === 0 || !prompt.trim()}>
              {t('lab.compare')}
            </Button>
            {running ? (
              <Button variant="default" leftSection={<IconPlayerStop size={16} />} onClick={() => abort.current?.abort()}>
                {t('lab.stop')}
              </Button>
            ) : null}
          </Group>
          {error ? (
            <Alert color="red" title={t('lab.notSent')} role="alert">
              {error}
            </Alert>
          ) : null}
          {columns.length > 0 ? (
            <SimpleGrid cols={{ base: 1, md: columns.length }} spacing="md">
              {columns.map((c, i) => (
                <Card key={i} withBorder padding="md" data-testid={`lab-column-${i}`}>
                  <Group justify="space-between" mb="xs" wrap="nowrap">
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text fw={600} size="sm" truncate>
                        {c.model}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {c.label}
                      </Text>
                    </Stack>
                    {c.done ? (
                      <Badge color={c.done.status === 'complete' ? 'teal' : c.done.status === 'stopped' ? 'gray' : 'red'} variant="light" data-testid={`lab-status-${i}`}>
                        {c.done.status === 'complete' ? t('lab.done') : c.done.status === 'stopped' ? t('lab.stopped') : t('lab.failedBadge')}
                      </Badge>
                    ) : (
                      <Badge color="blue" variant="light">
                        {t('lab.streaming')}
                      </Badge>
                    )}
                  </Group>
                  {c.text ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text> : <Text size="sm" c="dimmed">{t('lab.waiting')}</Text>}
                  {c.done?.error ? (
                    <Text size="sm" c="red.7" mt="xs">
                      {reason(c.done.error)}
                    </Text>
                  ) : null}
                  {c.done ? (
                    <Text size="xs" c="dimmed" mt="sm">
                      {t('lab.cost', { cost: formatMoney(c.done.cost, currency) })}
                    </Text>
                  ) : null}
                </Card>
              ))}
            </SimpleGrid>
          ) : null}
        </Stack>
      </QueryGate>
    </>
  );
}
