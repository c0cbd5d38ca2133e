// The IANA time zones the browser knows, for pickers of a restaurant's zone.
export const TIME_ZONES: readonly string[] = (
  Intl as unknown as { supportedValuesOf?: (k: string) => string[] }
).supportedValuesOf?.('timeZone') ?? ['Europe/Moscow'];
