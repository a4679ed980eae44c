import { Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type CalibrationState, calibrationStatesSchema } from '../../../contracts/exercises.js';
import { apiRequest } from '../../lib/http/request.js';
import { queryKeys } from '../../lib/query-keys.js';

/**
 * Admins: the calibration state of every graded exercise, by id, for the library's badges. One
 * request for the whole list; nothing is asked for anyone else.
 */
export function useCalibrationStates(enabled: boolean): Map<string, CalibrationState> {
  const query = useQuery({
    queryKey: queryKeys.exercises.calibrationStates,
    queryFn: ({ signal }) => apiRequest('/api/exercises/calibrations', calibrationStatesSchema, { signal }),
    enabled,
    staleTime: 30_000,
  });
  return new Map((query.data?.items ?? []).map((i) => [i.exerciseId, i.state]));
}

const look: Record<CalibrationState, { color: string; key: string }> = {
  calibrated: { color: 'green', key: 'passed' },
  stale: { color: 'orange', key: 'stale' },
  failed: { color: 'red', key: 'failed' },
  running: { color: 'blue', key: 'running' },
  not_calibrated: { color: 'gray', key: 'none' },
};

/** A graded exercise's calibration, as a badge (nothing for a practice exercise). */
export function CalibrationStateBadge({ state }: { state: CalibrationState | undefined }) {
  const { t } = useTranslation('signed-in');
  if (!state) return null;
  return (
    <Badge color={look[state].color} variant="light" tt="none" size="sm" data-testid="calibration-state" data-state={state}>
      {t(`calibration.state.${look[state].key}`)}
    </Badge>
  );
}
