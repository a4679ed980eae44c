import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { contentSummarySchema, type ContentKind } from '../../../../contracts/content.js';
import { errorDetailsSchemas } from '../../../../contracts/errors.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { apiRequest } from '../../../lib/http/request.js';
import { i18n } from '../../../lib/i18n.js';
import { queryKeys } from '../../../lib/query-keys.js';
import {
  createProgram,
  deleteProgram,
  getProgram,
  getProgramProgress,
  listCertificates,
  listPrograms,
  setProgramAssignments,
  updateProgram,
  verifyCertificate,
  type Program,
  type ProgramInput,
  type UnassignedStep,
} from '../api/programs-api.js';

const programStepNotVisibleDetails = errorDetailsSchemas.program_step_not_visible;

export function useProgramList(q: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.programs.list({ q }),
    queryFn: ({ pageParam, signal }) => listPrograms({ q: q || undefined, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** A member's own programs (each with their progress); all of them, for the page and the dashboard card. */
export function useMyPrograms() {
  return useQuery({
    queryKey: queryKeys.programs.list({ mine: true }),
    queryFn: ({ signal }) => listPrograms({ limit: 100 }, signal),
    select: (page) => page.items,
  });
}

/** One program; while a completed program's certificate is still being issued, it is read again until it is there. */
export function useProgram(id: string) {
  return useQuery({
    queryKey: queryKeys.programs.detail(id),
    queryFn: ({ signal }) => getProgram(id, signal),
    staleTime: 0,
    refetchInterval: (query) => {
      const p = query.state.data;
      return p?.progress?.completedAt && p.certificate.enabled && !p.progress.certificateId ? 3_000 : false;
    },
  });
}

/** A member's programs with their progress, for their manager's report (or an admin). */
export function useMemberPrograms(userId: string) {
  return useQuery({
    queryKey: queryKeys.programs.member(userId),
    queryFn: ({ signal }) => listPrograms({ userId, limit: 100 }, signal),
    select: (page) => page.items,
  });
}

export function useProgramProgress(id: string, communityId: string | null) {
  return useQuery({
    queryKey: queryKeys.programs.progress(id, communityId),
    queryFn: ({ signal }) => getProgramProgress(id, communityId, signal),
    placeholderData: (previous) => previous,
  });
}

/** The caller's certificates (codes for the verification page), read only when there is one to show. */
export function useCertificates(enabled = true) {
  return useQuery({ queryKey: queryKeys.programs.certificates, queryFn: ({ signal }) => listCertificates(signal), select: (r) => r.items, enabled });
}

export function useVerification(code: string) {
  return useQuery({ queryKey: queryKeys.programs.verify(code), queryFn: ({ signal }) => verifyCertificate(code, signal), retry: false });
}

/** Communities refused because steps are not assigned to them: each one, and whether assigning them is all it takes. */
export interface AssignmentRefusal {
  communityIds: string[];
  unassigned: UnassignedStep[];
  fixable: boolean;
}

/** The refusal's facts, when the server refused for steps its communities cannot open. */
export function assignmentRefusal(error: unknown, communityIds: string[]): AssignmentRefusal | null {
  if (!isApiError(error) || error.code !== 'program_step_not_visible') return null;
  const details = programStepNotVisibleDetails.safeParse(error.details);
  if (!details.success || !details.data.unassigned || details.data.unassigned.length === 0) return null;
  return { communityIds, unassigned: details.data.unassigned, fixable: details.data.fixable === true };
}

export interface SaveProgramResult {
  program: Program;
  /** Saved, but the communities were refused (e.g. a step is not visible to one of them): the server's words. */
  assignmentError: string | null;
  /** …and when that was for content not assigned to them, which items (issue 25). */
  refusal: AssignmentRefusal | null;
}

/** Admins, from the list: the program's own communities again, with the missing content assigned (the row action is the confirmation). */
export function useAssignMissingContent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, communityIds }: { id: string; communityIds: string[] }) => setProgramAssignments(id, communityIds, true),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.programs.all }),
  });
}

/** Admins: assigns the program to `communityIds`, assigning the steps' content to them on the way (the admin confirmed it). */
export function useAssignWithContent(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (communityIds: string[]) => setProgramAssignments(programId, communityIds, true),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.programs.all });
    },
  });
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Create (POST) or update (PATCH with If-Match), then the communities when they changed. */
export function useSaveProgram(existing: Program | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, communityIds, ifMatch }: { input: ProgramInput; communityIds: string[]; ifMatch?: string }): Promise<SaveProgramResult> => {
      let program = existing ? await updateProgram(existing.id, input, ifMatch) : await createProgram(input);
      let assignmentError: string | null = null;
      let refusal: AssignmentRefusal | null = null;
      if (!sameIds(program.communityIds, communityIds)) {
        try {
          const assigned = await setProgramAssignments(program.id, communityIds);
          program = { ...program, communityIds: assigned.communityIds };
        } catch (error) {
          assignmentError = error instanceof Error ? error.message : i18n.t('common:errors.unexpected.message');
          refusal = assignmentRefusal(error, communityIds);
        }
      }
      return { program, assignmentError, refusal };
    },
    onSuccess: async ({ program }) => {
      queryClient.setQueryData(queryKeys.programs.detail(program.id), program);
      await queryClient.invalidateQueries({ queryKey: queryKeys.programs.lists });
    },
  });
}

export function useDeleteProgram() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteProgram(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.programs.all }),
  });
}

const contentPage = pageSchema(contentSummarySchema);

/** Content of every kind (exercises included) matching `q`, for picking steps (the first 8: type to narrow); admins see drafts too. */
export function useStepSearch(q: string, kind: ContentKind | null) {
  return useQuery({
    queryKey: queryKeys.programs.stepSearch({ q, kind }),
    queryFn: ({ signal }) => apiRequest('/api/content', contentPage, { query: { q: q || undefined, kind: kind ?? undefined, sort: 'title', limit: 8 }, signal }),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
    staleTime: 30_000,
  });
}
