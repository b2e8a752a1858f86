import { useTranslation } from "react-i18next";
import { useProblem } from "../lib/problem.ts";
import { Alert } from "./alert.tsx";

/** A request that failed, said in a sentence, with "Try again" beside it. */
export function ErrorWithRetry({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  return (
    <Alert>
      {problem.message(error)}{" "}
      <button type="button" className="link-button" onClick={onRetry}>
        {t("common.retry")}
      </button>
    </Alert>
  );
}
