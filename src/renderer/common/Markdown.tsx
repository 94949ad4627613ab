// Markdown from a source, rendered from markdown-it's tokens straight into React elements:
// raw HTML is off (html:false), only whitelisted tags are made, links must be http(s)/mailto, and no HTML
// string is ever injected, so a description cannot run script or restyle the console.
import MarkdownIt from 'markdown-it';

import { createElement, useMemo } from 'react';
import { SafeText } from './SafeText.js';

type Token = ReturnType<MarkdownIt['parse']>[number];
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

const TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a']);

interface Node {
  tag: string;
  href?: string;
  children: React.ReactNode[];
}

function build(tokens: Token[], root: Node) {
  const stack: Node[] = [root];
  // markdown-it's tokens are balanced; a close with nothing open is malformed input, and Markdown() shows it raw.
  const top = (): Node => {
    const n = stack[stack.length - 1];
    if (!n) throw new Error('Markdown: no open element');
    return n;
  };
  tokens.forEach((t, i) => {
    if (t.type === 'inline' && t.children) return build(t.children, top());
    if (t.nesting === 1) {
      const n: Node = { tag: TAGS.has(t.tag) ? t.tag : 'span', children: [] };
      if (t.tag === 'a') n.href = t.attrGet('href') ?? undefined;
      stack.push(n);
      return;
    }
    if (t.nesting === -1) {
      if (stack.length < 2) throw new Error('Markdown: a close without an open');
      const n = top();
      stack.pop();
      const props: Record<string, unknown> = { key: i };
      if (n.tag === 'a') {
        if (n.href && /^(https?:|mailto:)/i.test(n.href)) Object.assign(props, { href: n.href, target: '_blank', rel: 'noopener noreferrer' });
        else n.tag = 'span';
      }
      top().children.push(createElement(n.tag, props, ...n.children));
      return;
    }
    switch (t.type) {
      case 'text':
        top().children.push(<SafeText key={i} text={t.content} />);
        break;
      case 'code_inline':
        top().children.push(
          <code key={i}>
            <SafeText text={t.content} />
          </code>,
        );
        break;
      case 'code_block':
      case 'fence':
        top().children.push(
          <pre key={i} className="md-code">
            <SafeText text={t.content} />
          </pre>,
        );
        break;
      case 'softbreak':
        top().children.push('\n');
        break;
      case 'hardbreak':
        top().children.push(<br key={i} />);
        break;
      case 'hr':
        top().children.push(<hr key={i} />);
        break;
      case 'image':
        // No remote images in the console: show the alt text and the address as text.
        top().children.push(
          <span key={i} className="md-image">
            [image: <SafeText text={t.content || ''} /> <SafeText text={t.attrGet('src') ?? ''} />]
          </span>,
        );
        break;
      default:
        if (t.content) top().children.push(<SafeText key={i} text={t.content} />);
    }
  });
}

export function Markdown({ source }: { source: string }) {
  const content = useMemo(() => {
    const root: Node = { tag: 'div', children: [] };
    try {
      build(md.parse(source, {}), root);
    } catch {
      return [<SafeText key="raw" text={source} />];
    }
    return root.children;
  }, [source]);
  return <div className="markdown">{content}</div>;
}
