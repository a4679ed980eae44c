import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notify } from '../../../lib/notify.js';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowDown, IconArrowLeft, IconArrowUp, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { ContentKind } from '../../../../contracts/content.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { EditConflictNotice, useEditConflict } from '../../../components/errors/edit-conflict-notice.js';
import { KindThemeIcon } from '../../../components/ui/kind-icon.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { communityOptions, useCommunityDirectory } from '../../../lib/directory.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { formatDateTime } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getProgram, programEtag, type Program, type ProgramInput, type ProgramStatus } from '../api/programs-api.js';
import { useProgram, useSaveProgram, type AssignmentRefusal } from '../hooks/use-programs.js';
import { UnassignedContentNotice } from './unassigned-content-notice.js';
import { CompletedMembersDialog, completedMembersAsk, type CompletedMembersAsk, type CompletedMembersChoice } from './completed-members-dialog.js';
import { ToneBadge } from './program-bits.js';
import { StepPicker } from './step-picker.js';
import { CertificateSection } from './certificate-section.js';
import { EditorSection } from '../../../components/ui/editor-section.js';
import { ChoiceField } from '../../../components/ui/choice-field.js';

/** A step in the builder: the API's step plus what the builder shows for it. */
export interface DraftStep {
  contentId: string;
  required: boolean;
  title: string;
  kind: ContentKind | null;
  available: boolean;
}

interface Draft {
  title: string;
  description: string;
  status: ProgramStatus;
  sequential: boolean;
  dueDays: number | null;
  certificate: boolean;
  validDays: number | null;
  hours: number | null;
  steps: DraftStep[];
  communityIds: string[];
}

const emptyDraft: Draft = {
  title: '',
  description: '',
  status: 'draft',
  sequential: true,
  dueDays: null,
  certificate: true,
  validDays: null,
  hours: null,
  steps: [],
  communityIds: [],
};

function draftFrom(program: Program): Draft {
  return {
    title: program.title,
    description: program.description,
    status: program.status,
    sequential: program.sequential,
    dueDays: program.dueDays,
    certificate: program.certificate.enabled,
    validDays: program.certificate.validDays,
    hours: program.hours ?? null,
    steps: program.steps.map((s) => ({
      contentId: s.contentId,
      required: s.required,
      title: s.title,
      kind: s.kind,
      available: s.available,
    })),
    communityIds: [...program.communityIds].sort(),
  };
}

function toInput(draft: Draft): ProgramInput {
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    status: draft.status,
    sequential: draft.sequential,
    dueDays: draft.dueDays,
    certificate: { enabled: draft.certificate, validDays: draft.certificate ? draft.validDays : null },
    hours: draft.hours,
    steps: draft.steps.map((s) => ({ contentId: s.contentId, required: s.required })),
  };
}

/** Moves the item at `from` by `delta` places (−1 up, +1 down); out of range is a no-op. */
export function moveStep<T>(items: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/** /admin/programs/new (no id) and /admin/programs/:id. */
export function ProgramBuilder({ id }: { id: string | null }) {
  if (!id) return <BuilderForm program={null} />;
  return <ExistingProgram id={id} />;
}

function ExistingProgram({ id }: { id: string }) {
  const query = useProgram(id);
  return (
    <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
      {query.data ? <BuilderForm key={query.data.id} program={query.data} /> : null}
    </QueryGate>
  );
}

function BuilderForm({ program }: { program: Program | null }) {
  const { t } = useTranslation('programs');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const communities = useCommunityDirectory();
  const [draft, setDraft] = useState<Draft>(() => (program ? draftFrom(program) : emptyDraft));
  const [baseline, setBaseline] = useState(() => JSON.stringify(draft));
  const [titleError, setTitleError] = useState<string | null>(null);
  const [assignmentError, setAssignmentError] = useState<string | null>(null);
  // A new program's refusal survives the move to its own address (the form mounts again there).
  const location = useLocation();
  const [refusal, setRefusal] = useState<AssignmentRefusal | null>(() => refusalFromState(location.state));
  const [ask, setAsk] = useState<CompletedMembersAsk | null>(null);
  const dirty = JSON.stringify(draft) !== baseline;
  const save = useSaveProgram(program);
  // The version this form started from: saving over someone else's newer one is refused (412).
  const [etag, setEtag] = useState(() => (program ? programEtag(program.id) : undefined));
  const conflict = useEditConflict({
    save,
    draft,
    setDraft,
    fetchTheirs: async () => {
      if (!program) throw new Error(t('builder.reloadFailed'));
      const theirs = await getProgram(program.id);
      queryClient.setQueryData(queryKeys.programs.detail(theirs.id), theirs);
      setEtag(programEtag(theirs.id));
      return draftFrom(theirs);
    },
    onReloaded: (theirs) => setBaseline(JSON.stringify(theirs)),
    summary: (mine) => ({ title: mine.title, description: mine.description }),
    reloadFailedTitle: t('builder.reloadFailed'),
  });

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setSteps = (update: (steps: DraftStep[]) => DraftStep[]) => setDraft((d) => ({ ...d, steps: update(d.steps) }));

  const submit = (choice?: CompletedMembersChoice) => {
    save.mutate(
      { input: { ...toInput(draft), ...(choice ? { completedMembers: choice } : {}) }, communityIds: draft.communityIds, ...(etag ? { ifMatch: etag } : {}) },
      {
        // New steps while some members already finished: the trainer decides, then it saves again.
        onError: (error) => setAsk(completedMembersAsk(error)),
        onSuccess: ({ program: saved, assignmentError: refused, refusal: facts }) => {
          setEtag(programEtag(saved.id));
          conflict.saved();
          setRefusal(facts);
          if (refused) {
            // Content not assigned: a notice that stays on the program, with the fix (issue 25); anything else as before.
            setAssignmentError(facts ? null : refused);
            notify({ color: 'orange', title: t('builder.savedWithProblem'), message: refused, autoClose: 8000 });
          } else {
            notify({ color: 'teal', message: choice === 'reopen' ? t('stepChange.reopened') : t('builder.saved', { title: saved.title }) });
          }
          // What the server refused stays in the form (and marks it unsaved) so the admin can fix it.
          setBaseline(JSON.stringify({ ...draft, communityIds: [...saved.communityIds].sort() }));
          if (!program) void navigate(`/admin/programs/${saved.id}`, { replace: true, state: facts ? { refusal: facts } : null });
        },
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!draft.title.trim()) {
      setTitleError(t('builder.titleRequired'));
      return;
    }
    setTitleError(null);
    setAssignmentError(null);
    setRefusal(null);
    submit();
  };

  const heading = draft.title.trim() || program?.title || t('builder.newTitle');
  const added = new Set(draft.steps.map((s) => s.contentId));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('builder.formLabel')}>
      <Group justify="space-between" align="flex-end" mb="lg" gap="md" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Anchor component={Link} to="/admin/programs" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} aria-hidden /> {t('admin.title')}
          </Anchor>
          <Title order={1} fz={{ base: 22, sm: 26 }} fw={700} lineClamp={1} data-testid="builder-title">
            {heading}
          </Title>
          <Text size="xs" c="dimmed">
            {program
              ? `${t('builder.lastSaved', { when: formatDateTime(program.updatedAt) })}${dirty ? ` · ${t('builder.unsaved')}` : ''}`
              : dirty
                ? t('builder.notSavedYet')
                : t('builder.intro')}
          </Text>
        </Stack>
        <Group gap="sm">
          {program ? (
            <Button component={Link} to={`/programs/${program.id}/progress`} variant="default">
              {t('builder.seeProgress')}
            </Button>
          ) : null}
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} />}>
            {program ? t('builder.save') : t('builder.create')}
          </Button>
        </Group>
      </Group>

      {conflict.shown ? (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <EditConflictNotice {...conflict.notice} />
        </div>
      ) : save.error && !ask ? (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <ErrorAlert error={save.error} title={t('builder.notSaved')} />
        </div>
      ) : null}
      <CompletedMembersDialog
        ask={ask}
        onClose={() => setAsk(null)}
        onChoose={(choice) => {
          setAsk(null);
          submit(choice);
        }}
      />
      {assignmentError ? (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('builder.assignmentRefused')} mb="md" role="alert" data-testid="assignment-error">
          {assignmentError}
        </Alert>
      ) : null}
      <AssignmentNotice
        program={program}
        refusal={refusal}
        onAssigned={(communityIds) => {
          const next = { ...draft, communityIds: [...communityIds].sort() };
          setRefusal(null);
          setDraft(next);
          setBaseline(JSON.stringify(next));
        }}
      />

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <EditorSection title={t('builder.basics')}>
              <Stack gap="md">
                <TextInput
                  label={t('builder.titleLabel')}
                  placeholder={t('builder.titlePlaceholder')}
                  value={draft.title}
                  onChange={(e) => set({ title: e.currentTarget.value })}
                  error={titleError}
                  required
                  maxLength={200}
                />
                <Textarea
                  label={t('builder.descriptionLabel')}
                  description={t('builder.descriptionHelp')}
                  value={draft.description}
                  onChange={(e) => set({ description: e.currentTarget.value })}
                  autosize
                  minRows={2}
                  maxRows={6}
                />
              </Stack>
            </EditorSection>
            <EditorSection title={t('builder.steps')} description={t('builder.stepsHelp')}>
              <Stack gap="md">
                {draft.steps.length === 0 ? (
                  <Text size="sm" c="dimmed" data-testid="no-steps">
                    {t('builder.noSteps')}
                  </Text>
                ) : (
                  <Stack gap={0} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('builder.steps')} data-testid="builder-steps">
                    {draft.steps.map((step, index) => (
                      <StepRow
                        key={step.contentId}
                        step={step}
                        index={index}
                        last={index === draft.steps.length - 1}
                        onMove={(delta) => setSteps((steps) => moveStep(steps, index, delta))}
                        onRequired={(required) => setSteps((steps) => steps.map((s, i) => (i === index ? { ...s, required } : s)))}
                        onRemove={() => setSteps((steps) => steps.filter((_, i) => i !== index))}
                      />
                    ))}
                  </Stack>
                )}
                <StepPicker
                  added={added}
                  onAdd={(item) => setSteps((steps) => [...steps, { contentId: item.id, required: true, title: item.title, kind: item.kind, available: true }])}
                />
              </Stack>
            </EditorSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <EditorSection title={t('builder.publishing')} description={t('builder.publishingHelp')}>
              <Stack gap="md">
                <ChoiceField
                  fullWidth
                  label={t('builder.status')}
                  choices={[
                    { value: 'draft', label: t('status.draft') },
                    { value: 'published', label: t('status.published') },
                  ]}
                  value={draft.status === 'published' ? 'published' : 'draft'}
                  onChange={(status) => set({ status })}
                />
                <MultiSelect
                  label={t('builder.communities')}
                  placeholder={draft.communityIds.length === 0 ? t('builder.notAssigned') : undefined}
                  data={communityOptions(communities.data)}
                  value={draft.communityIds}
                  onChange={(communityIds) => set({ communityIds: [...communityIds].sort() })}
                  searchable
                  clearable
                  nothingFoundMessage={t('builder.noCommunityMatches')}
                  error={communities.error ? communities.error.message : undefined}
                />
              </Stack>
            </EditorSection>
            <EditorSection title={t('builder.schedule')}>
              <Stack gap="md">
                <ChoiceField
                  fullWidth
                  label={t('builder.order')}
                  choices={[
                    { value: 'sequential', label: t('builder.sequential') },
                    { value: 'free', label: t('builder.free') },
                  ]}
                  value={draft.sequential ? 'sequential' : 'free'}
                  onChange={(order) => set({ sequential: order === 'sequential' })}
                  hint={draft.sequential ? t('builder.sequentialHelp') : t('builder.freeHelp')}
                />
                <NumberInput
                  label={t('builder.dueDays')}
                  description={t('builder.dueDaysHelp')}
                  placeholder={t('builder.noDueDate')}
                  min={1}
                  max={3650}
                  allowDecimal={false}
                  allowNegative={false}
                  value={draft.dueDays ?? ''}
                  onChange={(value) => set({ dueDays: typeof value === 'number' && value > 0 ? value : null })}
                />
                {/* The server's warning about the saved schedule, while the due date is still the saved one. */}
                {program?.warnings?.some((w) => w.code === 'due_inside_reminder_window') && draft.dueDays === program.dueDays ? (
                  <Alert color="orange" variant="light" data-testid="due-warning">
                    {t('builder.dueInsideReminders')}
                  </Alert>
                ) : null}
              </Stack>
            </EditorSection>
            <CertificateSection
              programId={program?.id ?? null}
              value={{ certificate: draft.certificate, validDays: draft.validDays, hours: draft.hours }}
              unsaved={dirty}
              onChange={set}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </form>
  );
}

function refusalFromState(state: unknown): AssignmentRefusal | null {
  if (typeof state !== 'object' || state === null || !('refusal' in state)) return null;
  const refusal = (state as { refusal: unknown }).refusal;
  return typeof refusal === 'object' && refusal !== null && Array.isArray((refusal as AssignmentRefusal).unassigned) ? (refusal as AssignmentRefusal) : null;
}

/** What keeps members from the program's steps: the refusal of the last save, else the saved program's warning. */
function AssignmentNotice({ program, refusal, onAssigned }: { program: Program | null; refusal: AssignmentRefusal | null; onAssigned: (communityIds: string[]) => void }) {
  // A new program's id is known only after its first save, when the page moves to its own address.
  const programId = program?.id;
  if (!programId) return null;
  if (refusal) return <UnassignedContentNotice programId={programId} items={refusal.unassigned} communityIds={refusal.communityIds} fixable={refusal.fixable} refused onAssigned={onAssigned} />;
  const warning = program.warnings?.find((w) => w.code === 'steps_not_assigned');
  if (!warning?.items?.length) return null;
  return <UnassignedContentNotice programId={programId} items={warning.items} communityIds={program.communityIds} fixable refused={false} onAssigned={onAssigned} />;
}

function StepRow({
  step,
  index,
  last,
  onMove,
  onRequired,
  onRemove,
}: {
  step: DraftStep;
  index: number;
  last: boolean;
  onMove: (delta: number) => void;
  onRequired: (required: boolean) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('programs');
  return (
    <Group
      component="li"
      gap="sm"
      wrap="nowrap"
      py="xs"
      style={{ borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-default-border)' }}
      data-testid="builder-step"
    >
      <Text size="sm" fw={700} c="dimmed" w={22} ta="right" style={{ flexShrink: 0 }}>
        {index + 1}
      </Text>
      {step.kind ? <KindThemeIcon kind={step.kind} size={30} /> : null}
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={600} lineClamp={2} lh={1.3}>
          {step.title}
        </Text>
        <Group gap={6}>
          {step.kind ? (
            <Text size="xs" c="dimmed">
              {kindVisual(step.kind).label}
            </Text>
          ) : null}
          {step.available ? null : (
            <ToneBadge size="xs" color="orange">
              {t('builder.stepUnavailable')}
            </ToneBadge>
          )}
        </Group>
        <Switch
          size="xs"
          mt={4}
          label={t('builder.required')}
          checked={step.required}
          onChange={(e) => onRequired(e.currentTarget.checked)}
          aria-label={t('builder.requiredFor', { title: step.title })}
        />
      </Stack>
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
        <ActionIcon variant="default" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('builder.moveUp', { title: step.title })}>
          <IconArrowUp size={16} aria-hidden />
        </ActionIcon>
        <ActionIcon variant="default" disabled={last} onClick={() => onMove(1)} aria-label={t('builder.moveDown', { title: step.title })}>
          <IconArrowDown size={16} aria-hidden />
        </ActionIcon>
        <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('builder.remove', { title: step.title })}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      </Group>
    </Group>
  );
}
