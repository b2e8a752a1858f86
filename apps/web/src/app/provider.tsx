import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { I18nextProvider } from "react-i18next";
import { ApiError } from "../lib/api-client.ts";
import { i18n } from "../lib/i18n.ts";
import { reportSessionEnd } from "../lib/session-ended.ts";

/** A 4xx is the API's answer (signed out, not found, …), not a glitch worth asking again. */
const retryGlitches = (failures: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // Any request may be the first to learn that the session is gone (e.g. a changed
        // User-Agent); the signed-in shell hears it from here, whichever page asked.
        queryCache: new QueryCache({ onError: reportSessionEnd }),
        mutationCache: new MutationCache({ onError: reportSessionEnd }),
        defaultOptions: {
          queries: { refetchOnWindowFocus: false, staleTime: 30_000, retry: retryGlitches },
          mutations: { retry: false },
        },
      }),
  );
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </I18nextProvider>
  );
}
