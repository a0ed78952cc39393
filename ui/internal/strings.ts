/**
 * Every text the widget shows, with English defaults. Pass a partial object as the `strings`
 * property of `<integration-hub>` or `<integration-hub-form>` to translate or reword it.
 * `{name}`-style placeholders are filled by `format()`.
 */
export const defaultStrings = {
  /** BCP 47 language of these texts; used for relative times ("5 minutes ago"). */
  locale: 'en',
  listLabel: 'Integrations',
  loading: 'Loading…',
  loadFailed: 'The integrations could not be loaded.',
  retry: 'Retry',
  notConfigured: 'Not configured',
  connected: 'Connected',
  lastTestFailed: 'Last test failed',
  lastTestFailedAt: 'The last connection test failed {time}: {message}',
  connectionCount: '{count} connections',
  failingCount: '{count} failing',
  saved: 'Saved',
  close: 'Close',
  save: 'Save',
  edit: 'Edit',
  update: 'Update',
  cancel: 'Cancel',
  delete: 'Delete',
  testConnection: 'Test connection',
  reload: 'Reload',
  confirmDeleteQuestion: 'Delete the {name} settings? The integration stops working until it is configured again.',
  confirmDelete: 'Delete settings',
  configuredSuccessfully: '{name} configured successfully',
  updatedSuccessfully: '{name} updated successfully',
  saveAnyway: 'Save anyway',
  savedDespiteFailedTest: '{name} saved, but its connection test failed',
  deleted: '{name} deleted',
  /** How a connection other than `default` is named in messages: "SMTP (backup)". */
  namedConnection: '{name} ({connection})',
  testPassed: 'Connection test passed',
  testStepsLabel: 'Connection test steps',
  stepPassed: 'passed',
  stepFailed: 'failed',
  milliseconds: '{ms} ms',
  versionConflict: 'Someone else changed these settings while you were editing.',
  versionConflictDetail: 'Reload to see their changes, then edit again.',
  networkError: 'The hub could not be reached.',
  networkErrorDetail: 'Check your connection and try again.',
  unexpectedError: 'Something went wrong.',
  sessionEnded: 'You are signed out: your session has ended.',
  sessionEndedDetail: 'Sign in again to continue.',
  readOnly: 'You can look at these settings but not change them.',
  readOnlyRefused: 'You may look at these settings but not change, test or use them.',
  readOnlyRefusedDetail: 'Ask an administrator of this workspace for more rights.',
  // connections
  connectionsLabel: 'Connections',
  addConnection: 'Add another connection',
  connectionName: 'Connection name',
  connectionNameHelp: 'Lower-case letters, digits and dashes, e.g. backup or eu-west.',
  connectionNameInvalid: 'Use 1 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit.',
  connectionNameTaken: 'There is already a connection named {connection}.',
  continue: 'Continue',
  newConnection: 'New connection {connection}: fill in its settings, then Save.',
  // form
  required: 'required',
  secretSaved: 'Saved — leave blank to keep',
  secretWillClear: 'Will be cleared on save',
  secretReenter: 'Enter it again: the {field} changed.',
  replace: 'Replace',
  keepSaved: 'Keep saved value',
  clear: 'Clear',
  undo: 'Undo',
  addItem: 'Add',
  removeItem: 'Remove {label} {index}',
  itemLabel: '{label} {index}',
  choose: 'Choose…',
  on: 'On',
  off: 'Off',
  notSet: 'Not set',
  secretStored: 'Saved',
  // admin page
  signInTitle: 'Sign in to Integration Hub',
  adminToken: 'Admin token',
  signIn: 'Sign in',
  signInWithSso: 'Sign in with SSO',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {name}',
  signInFailed: 'Sign-in failed.',
  noRights: 'You are signed in as {name}, but you have no rights in this workspace.'
}

export type HubStrings = typeof defaultStrings

/** Fills `{key}` placeholders of a template from `values`. */
export function format (template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => key in values ? String(values[key]) : match)
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]
]

/** "5 minutes ago", in the strings' locale. */
export function relativeTime (iso: string, locale: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1]
  return formatter.format(Math.round(seconds / size), unit)
}
