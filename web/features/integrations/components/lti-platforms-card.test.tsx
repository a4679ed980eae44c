import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LtiPlatform } from '../../../../contracts/lti.js';
import { setLanguage } from '../../../lib/i18n.js';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { LtiPlatformsCard } from './lti-platforms-card.js';

useMockApi();

const COMMUNITY = '70000000-0000-4000-8000-000000000002';
const platform: LtiPlatform = {
  id: '71000000-0000-4000-8000-000000000001',
  communityId: COMMUNITY,
  issuer: 'https://lms.example.com',
  clientId: 'client-1',
  deploymentIds: ['d1'],
  jwksUrl: 'https://lms.example.com/jwks',
  authLoginUrl: 'https://lms.example.com/auth',
  accessTokenUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const tool = { loginUrl: 'https://gym/lti/login', launchUrl: 'https://gym/lti/launch', deepLinkUrl: 'https://gym/lti/deep-link', jwksUrl: 'https://gym/lti/jwks' };

describe('LtiPlatformsCard: checking a platform', () => {
  afterEach(() => setLanguage('en'));

  it('words the check’s answer in Spanish for a Spanish admin', async () => {
    await setLanguage('es');
    signIn();
    server.use(
      http.get(`/api/communities/${COMMUNITY}/lti-platforms`, () => HttpResponse.json({ platforms: [platform], tool })),
      http.post(`/api/communities/${COMMUNITY}/lti-platforms/${platform.id}/check`, () =>
        HttpResponse.json({ ok: false, keys: 0, message: 'The platform’s keyset answered 503.', code: 'lti_keys_http', details: { status: 503 } }),
      ),
    );
    renderWithApp(<LtiPlatformsCard communityId={COMMUNITY} />, { path: '/admin/communities' });
    fireEvent.click(await screen.findByRole('button', { name: 'Comprobar conexión' }, { timeout: 8_000 }));
    expect(await screen.findByText('El conjunto de claves de la plataforma respondió con un error (HTTP 503).')).toBeTruthy();
  }, 15_000);
});
