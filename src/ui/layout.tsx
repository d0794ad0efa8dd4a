import type { ComponentChildren } from 'preact';
import { SiteHeader, type NavItem } from './components/site-header.js';
import { withQuery } from './urls.js';

/** What every page needs from the request and the build: asset URLs, 关怀模式, the page's own address. */
export interface Chrome {
  stylesheet: string;
  icon: string;
  /** 关怀模式: larger text and stronger contrast, chosen by the reader (a cookie), no script needed. */
  care: boolean;
  /** The path and query of this page (for the 关怀模式 switch to return to). */
  currentUrl: string;
}

export interface Crumb {
  href?: string;
  label: string;
}

export interface LayoutProps {
  chrome: Chrome;
  /** The page's own title; the browser's title adds the site's name. */
  title: string;
  siteName: string;
  siteTagline?: string;
  homeHref: string;
  nav: NavItem[];
  /** Feeds of this page's list (`<link rel="alternate" type="application/atom+xml">`). */
  alternates?: { title: string; href: string }[];
  description?: string;
  /** Pages that should not be indexed (searches, errors). */
  noindex?: boolean;
  breadcrumbs?: Crumb[];
  footer?: ComponentChildren;
  children: ComponentChildren;
}

/** The one page layout: landmarks, skip link, header with navigation, main, footer. */
export function Layout(props: LayoutProps) {
  const { chrome } = props;
  return (
    <html lang="zh-CN" class={chrome.care ? 'care' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title === props.siteName ? props.siteName : `${props.title} - ${props.siteName}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="stylesheet" href={chrome.stylesheet} />
        <link rel="icon" href={chrome.icon} type="image/svg+xml" />
        {(props.alternates ?? []).map((a) => (
          <link rel="alternate" type="application/atom+xml" title={a.title} href={a.href} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <SiteHeader
          siteName={props.siteName}
          tagline={props.siteTagline}
          homeHref={props.homeHref}
          nav={props.nav}
          careHref={withQuery('/care-mode', { on: chrome.care ? 0 : 1, back: chrome.currentUrl })}
          care={chrome.care}
        />
        <div class="wrap">
          {props.breadcrumbs?.length ? <Breadcrumbs items={props.breadcrumbs} /> : null}
          <main id="main" tabIndex={-1}>
            {props.children}
          </main>
        </div>
        {props.footer ? (
          <footer class="site-footer">
            <div class="wrap">{props.footer}</div>
          </footer>
        ) : null}
      </body>
    </html>
  );
}

function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="当前位置">
      <ol>
        {items.map((c, i) =>
          c.href && i < items.length - 1 ? (
            <li>
              <a href={c.href}>{c.label}</a>
            </li>
          ) : (
            <li aria-current={i === items.length - 1 ? 'page' : undefined}>{c.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}
