import type { ReactNode } from 'react';
import { Link } from './Link';

type Props = {
  /** Shown at the right end of the bar (status, the visitor's name). */
  readonly children?: ReactNode;
};

export function Header({ children }: Props) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="8" fill="url(#brand-gradient)" />
          <path d="M12.5 11 8 16l4.5 5M19.5 11 24 16l-4.5 5" fill="none" stroke="#fff" strokeWidth="2.4"
            strokeLinecap="round" strokeLinejoin="round" />
          <defs>
            <linearGradient id="brand-gradient" x1="0" y1="0" x2="32" y2="32" gradientUnits="userSpaceOnUse">
              <stop stopColor="#7c83ff" />
              <stop offset="1" stopColor="#4f46e5" />
            </linearGradient>
          </defs>
        </svg>
        <span className="brand__name">Interview</span>
      </Link>
      {children !== undefined && <div className="app-header__end">{children}</div>}
    </header>
  );
}
