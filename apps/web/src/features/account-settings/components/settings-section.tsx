import type { ReactNode } from "react";

/**
 * One part of Basic settings: a section named by its heading. The heading takes focus when
 * the page is opened at its fragment (`/account/settings#email`, basic-settings-page.tsx).
 */
export function SettingsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`settings-${id}`}>
      <h2 id={`settings-${id}`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}
