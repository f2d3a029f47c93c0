// The Azure API function's settings, from the function app's application settings (its environment): the app's own,
// validated once as the worker loads the entry, with the one-line errors of src/config.ts.
import { appSettings, required, type AppSettings, type Env } from '../../config.ts'

export interface AzureApiSettings extends AppSettings {
  cursorSecret: string
}

export function azureApiSettings (env: Env): AzureApiSettings {
  const settings = appSettings(env)
  // Workers come and go: each signing cursors with a secret of its own would refuse the others' cursors.
  const cursorSecret = required('CURSOR_SECRET', settings.cursorSecret, 'a secret of 32 characters or more, the same for every worker')
  return { ...settings, cursorSecret }
}
