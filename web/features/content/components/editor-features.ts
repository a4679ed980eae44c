import { createContext, use } from 'react';

/**
 * Which optional sections the editor shows, from the signed-in admin's feature flags (`me.flags`,
 * passed in by the route: a feature does not read another feature's session). On by default, as
 * the flags are (ARCHITECTURE §9).
 */
export interface EditorFeatures {
  knowledge: boolean;
}

export const EditorFeaturesContext = createContext<EditorFeatures>({ knowledge: true });

export function useEditorFeatures(): EditorFeatures {
  return use(EditorFeaturesContext);
}
