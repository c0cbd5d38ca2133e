// Hands a file the cabinet holds (a fetched export, an ini made by the server) to the browser's
// download, under the given name.
import { toFailure } from '../api/errors.ts';

export function saveFile(data: Blob, name: string): void {
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob once the click is handled; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A file the server answered (a report, a QR code), fetched with the session's token since a
 * plain link could not carry it: saved under the name the server gave it, or its refusal thrown.
 */
export function saveAnswer(
  answer: { data?: unknown; error?: unknown; response: Response },
  fallbackName: string,
): void {
  const { data, error, response } = answer;
  if (!response.ok || !(data instanceof Blob)) throw toFailure(response.status, error);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  saveFile(data, named?.[1] ?? fallbackName);
}
