import type { Chrome } from '../../ui/layout.js';
import { SiteLayout } from '../site-layout.js';

/** /feeds: what can be subscribed to, and how. */
export function FeedsPage({ chrome, base }: { chrome: Chrome; base: string }) {
  const feeds = [
    {
      href: '/feeds/documents.atom',
      title: '最新发布的文件',
      text: '新发布的规章、行政规范性文件和其他政策文件，按发布日期从新到旧。',
    },
    {
      href: '/feeds/validity.atom',
      title: '有效性变化',
      text: '文件的废止、失效、部分失效、施行及其更正，按记录时间从新到旧。',
    },
  ];
  return (
    <SiteLayout
      chrome={chrome}
      title="订阅"
      section="feeds"
      alternates={feeds.map((f) => ({ title: `政策文件库：${f.title}`, href: f.href }))}
    >
      <h1>订阅</h1>
      <p>用任何支持 Atom 的阅读器（RSS 阅读器）订阅以下地址，有新文件或有效性变化时即可收到。</p>
      <ul class="feed-links">
        {feeds.map((f) => (
          <li>
            <h2>
              <a href={f.href}>{f.title}</a>
            </h2>
            <p>{f.text}</p>
            <p>
              订阅地址：<code>{`${base}${f.href}`}</code>
            </p>
          </li>
        ))}
      </ul>
      <h2>订阅一次检索</h2>
      <p>
        在<a href="/search">文件检索</a>页检索后，点击结果下方的“订阅此检索（Atom）”，即可订阅符合该检索条件的新文件。
      </p>
    </SiteLayout>
  );
}
