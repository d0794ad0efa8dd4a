export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface SiteHeaderProps {
  siteName: string;
  tagline?: string;
  homeHref: string;
  nav: NavItem[];
  /** The link that switches 关怀模式 on or off and comes back to this page. */
  careHref: string;
  care: boolean;
}

/** The banner: the site's name, its navigation and the 关怀模式 switch. */
export function SiteHeader(props: SiteHeaderProps) {
  return (
    <header class="site-header">
      <div class="wrap site-header__bar">
        <a class="site-name" href={props.homeHref}>
          {props.siteName}
          {props.tagline ? <small>{props.tagline}</small> : null}
        </a>
        <nav class="site-nav" aria-label="主导航">
          <ul>
            {props.nav.map((item) => (
              <li>
                <a href={item.href} aria-current={item.current ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
            <li>
              <a class="care-toggle" href={props.careHref}>
                {props.care ? '退出关怀模式' : '关怀模式'}
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
