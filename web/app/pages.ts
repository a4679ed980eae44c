/**
 * Every lazily loaded page and layout of the app, one import each (see loadPages in router.tsx: this
 * module keeps the list of files each import preloads out of the /login entry chunk).
 */
import type { ComponentType } from 'react';

export const signedInLayout = (): Promise<ComponentType> => import('./signed-in-layout.js').then((m) => m.SignedInLayout);
export const requireAdmin = (): Promise<ComponentType> => import('../features/auth/components/require-admin.js').then((m) => m.RequireAdmin);
export const forgotPasswordPage = (): Promise<ComponentType> => import('./routes/forgot-password-page.js').then((m) => m.ForgotPasswordPage);
export const resetPasswordPage = (): Promise<ComponentType> => import('./routes/reset-password-page.js').then((m) => m.ResetPasswordPage);
export const invitePage = (): Promise<ComponentType> => import('./routes/invite-page.js').then((m) => m.InvitePage);
export const verifyPage = (): Promise<ComponentType> => import('./routes/verify-page.js').then((m) => m.VerifyPage);
export const dashboardPage = (): Promise<ComponentType> => import('./routes/dashboard-page.js').then((m) => m.DashboardPage);
export const profilePage = (): Promise<ComponentType> => import('./routes/profile-page.js').then((m) => m.ProfilePage);
export const libraryPage = (): Promise<ComponentType> => import('./routes/library-page.js').then((m) => m.LibraryPage);
export const libraryItemPage = (): Promise<ComponentType> => import('./routes/library-page.js').then((m) => m.LibraryItemPage);
export const sandboxPage = (): Promise<ComponentType> => import('./routes/sandbox-page.js').then((m) => m.SandboxPage);
/** An open conversation: its view's code (loaded lazily by the sandbox) together with the page's, not a round trip after it. */
export const conversationPage = (): Promise<ComponentType> =>
  Promise.all([import('./routes/sandbox-page.js'), import('../features/sandbox/components/conversation-view.js')]).then(([m]) => m.SandboxPage);
export const promptLabPage = (): Promise<ComponentType> => import('./routes/prompt-lab-page.js').then((m) => m.PromptLabPage);
export const exercisesPage = (): Promise<ComponentType> => import('./routes/exercise-page.js').then((m) => m.ExercisesPage);
export const exercisePage = (): Promise<ComponentType> => import('./routes/exercise-page.js').then((m) => m.ExercisePage);
export const exerciseResultsPage = (): Promise<ComponentType> => import('./routes/exercise-page.js').then((m) => m.ExerciseResultsPage);
export const programsPage = (): Promise<ComponentType> => import('./routes/programs-page.js').then((m) => m.ProgramsPage);
export const programPage = (): Promise<ComponentType> => import('./routes/programs-page.js').then((m) => m.ProgramPage);
export const reviewsPage = (): Promise<ComponentType> => import('./routes/reviews-page.js').then((m) => m.ReviewsPage);
export const reviewPage = (): Promise<ComponentType> => import('./routes/reviews-page.js').then((m) => m.ReviewPage);
export const programProgressPage = (): Promise<ComponentType> => import('./routes/programs-page.js').then((m) => m.ProgramProgressPage);
export const memberReportPage = (): Promise<ComponentType> => import('./routes/member-report-page.js').then((m) => m.MemberReportPage);
export const adminContentPage = (): Promise<ComponentType> => import('./routes/admin-content-page.js').then((m) => m.AdminContentPage);
export const adminProgramsPage = (): Promise<ComponentType> => import('./routes/admin-programs-page.js').then((m) => m.AdminProgramsPage);
export const adminProgramPage = (): Promise<ComponentType> => import('./routes/admin-programs-page.js').then((m) => m.AdminProgramPage);
export const adminCommunitiesPage = (): Promise<ComponentType> => import('./routes/admin-communities-page.js').then((m) => m.AdminCommunitiesPage);
export const adminCommunityPage = (): Promise<ComponentType> => import('./routes/admin-community-page.js').then((m) => m.AdminCommunityPage);
export const adminUsersPage = (): Promise<ComponentType> => import('./routes/admin-users-page.js').then((m) => m.AdminUsersPage);
export const adminUsersImportPage = (): Promise<ComponentType> => import('./routes/admin-users-import-page.js').then((m) => m.AdminUsersImportPage);
export const adminUserPage = (): Promise<ComponentType> => import('./routes/admin-user-page.js').then((m) => m.AdminUserPage);
export const adminFlagsPage = (): Promise<ComponentType> => import('./routes/admin-flags-page.js').then((m) => m.AdminFlagsPage);
export const adminAiPage = (): Promise<ComponentType> => import('./routes/admin-ai-page.js').then((m) => m.AdminAiPage);
export const adminAuditPage = (): Promise<ComponentType> => import('./routes/admin-audit-page.js').then((m) => m.AdminAuditPage);
export const adminErrorsPage = (): Promise<ComponentType> => import('./routes/admin-errors-page.js').then((m) => m.AdminErrorsPage);
