import type { ComponentChildren } from 'preact';
import { Layout, type Chrome, type Crumb } from '../ui/layout.js';

export type Section = 'home' | 'search' | 'documents' | 'reports' | 'feeds' | null;

export const SITE_NAME = '政策文件库';

export interface SiteLayoutProps {
  chrome: Chrome;
  title: string;
  section: Section;
  alternates?: { title: string; href: string }[];
  description?: string;
  noindex?: boolean;
  breadcrumbs?: Crumb[];
  children: ComponentChildren;
}

/** The public site's layout: the shared one with the public navigation and footer. */
export function SiteLayout(props: SiteLayoutProps) {
  const nav = [
    { href: '/', label: '首页', current: props.section === 'home' },
    { href: '/search', label: '文件检索', current: props.section === 'search' },
    { href: '/documents', label: '按日期查有效文件', current: props.section === 'documents' },
    { href: '/reports/annual', label: '年度统计', current: props.section === 'reports' },
    { href: '/feeds', label: '订阅', current: props.section === 'feeds' },
  ];
  return (
    <Layout
      chrome={props.chrome}
      title={props.title}
      siteName={SITE_NAME}
      siteTagline="规章 · 行政规范性文件 · 其他政策文件"
      homeHref="/"
      nav={nav}
      alternates={props.alternates}
      description={props.description}
      noindex={props.noindex}
      breadcrumbs={props.breadcrumbs}
      footer={
        <>
          <ul>
            <li>
              <a href="/feeds">订阅更新（Atom）</a>
            </li>
            <li>
              <a href="/reports/annual">政府信息公开年度统计</a>
            </li>
            <li>
              <a href="/sitemap.xml">网站地图</a>
            </li>
          </ul>
          <p>本库文件的有效性以法制机构标注为准；可查看任一文件在过去任一日期的有效性。</p>
        </>
      }
    >
      {props.children}
    </Layout>
  );
}
