import { Box, Mark } from '@mantine/core';
import { promptSegments } from '../../../lib/prompt-template.js';

/** The prompt as members will see it, `{{variables}}` highlighted. */
export function PromptTextPreview({ text }: { text: string }) {
  return (
    <Box
      component="pre"
      m={0}
      p="sm"
      fz="sm"
      data-testid="prompt-preview"
      style={{
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        fontFamily: 'var(--mantine-font-family-monospace)',
        lineHeight: 1.6,
        background: 'var(--mantine-color-default-hover)',
        borderRadius: 'var(--mantine-radius-md)',
      }}
    >
      {promptSegments(text).map((segment, index) =>
        segment.type === 'variable' ? (
          <Mark key={index} color="violet" px={3} style={{ borderRadius: 4 }} data-variable={segment.name}>
            {segment.text}
          </Mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </Box>
  );
}
