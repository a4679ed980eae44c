import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconPhoto } from '@tabler/icons-react';
import type { Element, ElementContent } from 'hast';
import { memo, type ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import './sandbox.css';

function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function CodeBlock({ node, children, ...rest }: ComponentPropsWithoutRef<'pre'> & { node?: Element | undefined }) {
  const { t } = useTranslation('sandbox');
  const code = node ? textOf(node).replace(/\n$/, '') : '';
  return (
    <div className="sandbox-code">
      <CopyButton value={code} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('message.copied') : t('message.copyCode')} withArrow position="left">
            <ActionIcon
              className="sandbox-code-copy"
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={copied ? t('message.copied') : t('message.copyCode')}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
      <pre {...rest}>{children}</pre>
    </div>
  );
}

function ExternalLink({ node: _node, children, ...rest }: ComponentPropsWithoutRef<'a'> & { node?: Element | undefined }) {
  return (
    <a {...rest} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

/**
 * An image in a model's answer is shown as a link, never fetched: a prompt-injected answer could
 * otherwise leak the conversation in an image URL the browser requests on its own. The page's CSP
 * (img-src) would refuse other origins anyway; this keeps the image reachable on purpose, by a click.
 */
function ImageAsLink({ node: _node, src, alt }: ComponentPropsWithoutRef<'img'> & { node?: Element | undefined }) {
  const { t } = useTranslation('sandbox');
  const label = alt?.trim() || t('message.image');
  if (typeof src !== 'string' || src === '') return <span>{label}</span>;
  let host = '';
  try {
    host = new URL(src, window.location.href).host;
  } catch {
    return <span>{label}</span>;
  }
  return (
    <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="sandbox-image-link" data-testid="answer-image-link">
      <IconPhoto size={14} aria-hidden style={{ verticalAlign: 'text-bottom', marginRight: 4 }} />
      {label} <span className="sandbox-image-host">{t('message.opensInNewTab', { host })}</span>
    </a>
  );
}

const components: Components = { pre: CodeBlock, a: ExternalLink, img: ImageAsLink };
const remarkPlugins: Options['remarkPlugins'] = [remarkGfm];
// Languages are only highlighted when the fence names one: guessing costs time on every delta.
const rehypePlugins: Options['rehypePlugins'] = [[rehypeHighlight, { detect: false }]];

/**
 * An answer rendered as Markdown (GitHub flavour, highlighted code). Raw HTML in the text is shown
 * as text, never rendered, and link URLs go through react-markdown's safe-protocol filter.
 */
export const MarkdownMessage = memo(function MarkdownMessage({ text }: { text: string }) {
  return (
    <div className="sandbox-markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
