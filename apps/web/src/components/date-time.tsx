import { useFormat } from "../lib/use-format.ts";

/** A moment (ISO 8601 from the API), shown in the page's language and machine-readable. */
export function DateTime({ at }: { at: string }) {
  const format = useFormat();
  return <time dateTime={at}>{format.dateTime(at)}</time>;
}

/** A table cell holding one moment. */
export function DateCell({ at }: { at: string }) {
  return (
    <td>
      <DateTime at={at} />
    </td>
  );
}
