import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { theme } from '../app/theme.js';
import { createQueryClient } from '../lib/query-client.js';

/** Render a component as the app would: theme, query cache, notifications and a router at `path`. */
export function renderWithApp(ui: ReactNode, { path = '/', routes = [] as { path: string; element: ReactNode }[] } = {}) {
  const queryClient = createQueryClient();
  const router = createMemoryRouter([{ path, element: ui }, ...routes, { path: '*', element: <p>elsewhere</p> }], {
    initialEntries: [path],
  });
  const result = render(
    <MantineProvider theme={theme}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, router, queryClient };
}
