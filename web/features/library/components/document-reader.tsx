import { Typography } from '@mantine/core';

export function DocumentReader({ html }: { html: string }) {
  return (
    <Typography data-testid="document-body" style={{ fontSize: 'var(--mantine-font-size-md)', lineHeight: 1.7 }}>
      {/* Safe to inject: the server sanitises bodyHtml with an allow-list (sanitize-html) when the
          document is saved, and answers only that sanitised HTML. */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
