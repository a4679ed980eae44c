import { mergeThemeOverrides, MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { i18n } from '../lib/i18n.js';
import { cssVariablesResolver, theme } from './theme.js';

/**
 * Every close button (dialogs, drawers, toasts, alerts) named "Close" in the person's language by
 * default: Mantine draws an × with no name, which axe reports as critical (issue 25). A button that
 * closes something more specific still passes its own aria-label, which wins over this default.
 */
function useCloseLabel(): string {
  const [label, setLabel] = useState(() => i18n.t('common:actions.close'));
  useEffect(() => {
    const update = () => setLabel(i18n.t('common:actions.close'));
    i18n.on('languageChanged', update);
    return () => i18n.off('languageChanged', update);
  }, []);
  return label;
}

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const closeLabel = useCloseLabel();
  const named = useMemo(() => mergeThemeOverrides(theme, { components: { CloseButton: { defaultProps: { 'aria-label': closeLabel } } } }), [closeLabel]);
  return (
    <MantineProvider theme={named} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
