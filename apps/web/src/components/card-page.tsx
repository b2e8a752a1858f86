import { ErrorCode } from "@portier/shared/errors";
import type { ComponentType, ReactNode } from "react";
import { linkProblemOf, useHashVisit, useLinkToken } from "../lib/link-token.ts";
import { Alert } from "./alert.tsx";
import { ErrorWithRetry } from "./error-with-retry.tsx";
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

/** What `InspectedLinkCard` needs of the link's check (a TanStack mutation has it). */
export interface LinkInspection<T> {
  mutate: (token: string) => void;
  data: T | undefined;
  isError: boolean;
  error: unknown;
}

interface InspectedLinkCardProps<T> extends Omit<CardPageProps, "children"> {
  /** The link's check, which changes nothing: started once with the token (strict mode mounts twice). */
  inspect: LinkInspection<T>;
  /** Answers of the check after which the link cannot be used here (default: lib/link-token.ts's). */
  problems?: ReadonlySet<string>;
  /** What the page says about a link that cannot be used (`TOKEN_INVALID` when the address holds none). */
  problem: (code: string) => ReactNode;
  /** What replaced the form (done, or the link is over meanwhile), null while the form stays. */
  result: ReactNode;
  /** Said while the link is checked. */
  checking: string;
  /** What the page says and its form, once the check said the link works. */
  children: (token: string, info: T) => ReactNode;
}

/**
 * The page of an emailed link whose form acts on it (a password reset, OTP recovery): the
 * link is checked first, so a link that cannot be used says so before anyone types; a
 * failed check can be tried again; once the form is done, its result takes focus.
 */
export function InspectedLinkCard<T>({ inspect, problems, problem, result, checking, children, ...card }: InspectedLinkCardProps<T>) {
  const token = useLinkToken(inspect.mutate);
  const inspected = inspect.isError ? linkProblemOf(inspect.error, problems) : null;
  let body: ReactNode;
  if (!token) body = problem(ErrorCode.TOKEN_INVALID);
  else if (result) body = <FocusedResult>{result}</FocusedResult>;
  else if (inspected) body = problem(inspected);
  else if (inspect.isError) body = <ErrorWithRetry error={inspect.error} onRetry={() => inspect.mutate(token)} />;
  else if (inspect.data) body = children(token, inspect.data);
  else body = <p role="status">{checking}</p>;
  return <CardPage {...card}>{body}</CardPage>;
}
