/** "+420601123456" → "+420 *** *** 456": enough to recognise, not to harvest. */
export function maskPhone(e164: string): string {
  const country = e164.slice(0, 4);
  const last = e164.slice(-3);
  return `${country} *** *** ${last}`;
}
