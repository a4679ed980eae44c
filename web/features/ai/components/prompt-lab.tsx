import { Alert, Badge, Button, Card, Group, MultiSelect, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconFlask, IconPlayerStop } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { type LabStreamAnswerData, MAX_LAB_TARGETS } from '../../../../contracts/ai.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { streamCompare } from '../api/lab-stream.js';
import { aiKeys, useLabModels, usePrices } from '../hooks/use-ai.js';
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
  const models = useLabModels();
  const prices = usePrices();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('');
  const [columns, setColumns] = useState<Column[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const options = (models.data ?? []).map((m) => ({ value: keyOf(m.connectionId, m.model), label: `${m.model} · ${m.connectionName}${m.offline ? ' (offline demo)' : ''}` }));
  const currency = prices.data?.[0]?.currency ?? 'USD';

  const compare = async () => {
    const targets = chosen.flatMap((value) => {
      const found = (models.data ?? []).find((m) => keyOf(m.connectionId, m.model) === value);
      return found ? [found] : [];
    });
    setColumns(targets.map((t) => ({ label: t.connectionName, model: t.model, text: '', done: null })));
    setError(null);
    setRunning(true);
    const controller = new AbortController();
    abort.current = controller;
    try {
      await streamCompare({ prompt, targets: targets.map((t) => ({ connectionId: t.connectionId, model: t.model })) }, controller.signal, {
        onDelta: (position, delta) => setColumns((cols) => cols.map((c, i) => (i === position ? { ...c, text: c.text + delta } : c))),
        onAnswerDone: (done) => setColumns((cols) => cols.map((c, i) => (i === done.position ? { ...c, done } : c))),
      });
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof Error ? e.message : 'The comparison failed. Please retry.');
    } finally {
      setRunning(false);
      void queryClient.invalidateQueries({ queryKey: aiKeys.labRuns });
    }
  };

  return (
    <>
      <PageHeader eyebrow="Sandbox" title="Prompt Lab" description="Send one prompt to up to three models side by side and see how they differ. Every answer is saved." />
      <QueryGate pending={models.isPending} error={models.error} onRetry={() => void models.refetch()}>
        <Stack gap="md">
          <MultiSelect
            label="Models"
            description={`Choose up to ${MAX_LAB_TARGETS}.`}
            placeholder={chosen.length === 0 ? 'Pick models to compare' : undefined}
            data={options}
            value={chosen}
            onChange={setChosen}
            maxValues={MAX_LAB_TARGETS}
            searchable
            data-testid="lab-models"
          />
          <Textarea label="Prompt" placeholder="e.g. Explain a LEFT JOIN to a marketing manager in three sentences." value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} autosize minRows={3} maxRows={10} maxLength={8000} />
          <Group>
            <Button leftSection={<IconFlask size={16} />} onClick={() => void compare()} loading={running} disabled={chosen.length === 0 || !prompt.trim()}>
              Compare
            </Button>
            {running ? (
              <Button variant="default" leftSection={<IconPlayerStop size={16} />} onClick={() => abort.current?.abort()}>
                Stop
              </Button>
            ) : null}
          </Group>
          {error ? (
            <Alert color="red" title="Not sent" role="alert">
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
                        {c.done.status === 'complete' ? 'Done' : c.done.status === 'stopped' ? 'Stopped' : 'Failed'}
                      </Badge>
                    ) : (
                      <Badge color="blue" variant="light">
                        Streaming…
                      </Badge>
                    )}
                  </Group>
                  {c.text ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text> : <Text size="sm" c="dimmed">Waiting for the first words…</Text>}
                  {c.done?.error ? (
                    <Text size="sm" c="red.7" mt="xs">
                      {c.done.error}
                    </Text>
                  ) : null}
                  {c.done ? (
                    <Text size="xs" c="dimmed" mt="sm">
                      Cost: {formatMoney(c.done.cost, currency)}
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
