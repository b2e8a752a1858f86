import type { ComponentType, ReactNode } from "react";
import { useHashVisit, useLinkToken } from "../lib/link-token.ts";
import { Alert } from "./alert.tsx";
import { FocusedResult } from "./focused-result.tsx";

interface CardPageProps {
  title: ReactNode;
  children: ReactNode;
  /** The way on under everything else, whatever the page shows (e.g. a link to the sign-in). */
  footer?: ReactNode;
}

/** A page on its own in a narrow card (emailed links, sign-in steps): its heading, then what it says. */
export function CardPage({ title, children, footer }: CardPageProps) {
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      {children}
      {footer && <p>{footer}</p>}
    </section>
  );
}

/**
 * The page of an emailed link (`/…#token=…`, lib/link-token.ts). A second link opened in
 * the same tab is only a fragment change: a fresh instance of `Page` takes it.
 */
export function linkPage(Page: ComponentType) {
  return function LinkPage() {
    const visit = useHashVisit();
    return <Page key={visit} />;
  };
}

interface ButtonLinkCardProps extends Omit<CardPageProps, "children"> {
  /** Said when the address holds no usable token. */
  invalid: string;
  /** What replaced the button (done, or the link is over), null while the button stays. */
  result: ReactNode;
  /** What the page says and its button, given the link's token. */
  children: (token: string) => ReactNode;
}

/**
 * The page of an emailed link that acts only on its button (a POST): opening the link
 * changes nothing, so a mail scanner that follows links does nothing. Once the button is
 * gone, the result takes focus and is read out.
 */
export function ButtonLinkCard({ invalid, result, children, ...card }: ButtonLinkCardProps) {
  const token = useLinkToken();
  return (
    <CardPage {...card}>{!token ? <Alert>{invalid}</Alert> : result ? <FocusedResult>{result}</FocusedResult> : children(token)}</CardPage>
  );
}
