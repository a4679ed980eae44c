import { Anchor, Box, Group, Stack, Text } from '@mantine/core';
import { IconBarbell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MemberSkills } from '../../../../contracts/exercises.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { ScoreTrend } from '../../../components/ui/score-trend.js';
import { formatNumber } from '../../../lib/format.js';
import { useMemberSkills } from '../hooks/use-analytics.js';
import { Panel, PanelQuery, TableSkeleton } from './panel.js';

type Skill = MemberSkills['items'][number]['skills'][number];

function SkillChip({ skill }: { skill: Skill }) {
  const { t } = useTranslation('dashboard');
  return (
    <Group
      component="li"
      gap={6}
      wrap="nowrap"
      px={10}
      py={3}
      data-testid="member-skill"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-xl)', maxWidth: '100%' }}
    >
      <Text size="xs" truncate title={skill.skill}>
        {skill.skill}
      </Text>
      <Text size="xs" fw={700} data-testid="member-skill-latest">
        {formatNumber(skill.latest)}
      </Text>
      <ScoreTrend latest={skill.latest} previous={skill.previous} label={t('skills.previous', { score: formatNumber(skill.previous ?? 0) })} />
    </Group>
  );
}

/**
 * Each member's skills from their workout scores (all time): the latest score per rubric criterion
 * and how it moved since the time before. The name opens the member's report with the full view.
 */
export function SkillsPanel({ communityId, scopeName }: { communityId: string | null; scopeName: string | null }) {
  const { t } = useTranslation('dashboard');
  const query = useMemberSkills(communityId);
  return (
    <Panel title={scopeName ? t('skills.titleOf', { name: scopeName }) : t('skills.title')} description={t('skills.description')} testId="skills-panel">
      <PanelQuery
        query={query}
        skeleton={<TableSkeleton rows={4} />}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState icon={<IconBarbell size={24} />} title={t('skills.emptyTitle')}>
            {t('skills.emptyBody')}
          </EmptyState>
        }
      >
        {(data) => (
          <Stack gap={0}>
            {data.items.map((member) => (
              <Stack key={member.userId} gap={6} py={10} data-testid="member-skills-row" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <Anchor component={Link} to={`/reports/members/${member.userId}`} size="sm" fw={600} w="fit-content">
                  {member.displayName}
                </Anchor>
                <Box component="ul" aria-label={t('skills.of', { name: member.displayName })} m={0} p={0} style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                  {member.skills.map((skill) => (
                    <SkillChip key={skill.skill} skill={skill} />
                  ))}
                </Box>
              </Stack>
            ))}
          </Stack>
        )}
      </PanelQuery>
    </Panel>
  );
}
