import envPaths from 'env-paths';
import path from 'node:path';

/**
 * Where brief keeps things: the platform's config and data folders
 * (XDG on Linux, ~/Library/Preferences and Application Support on macOS, %APPDATA% on Windows).
 */
export function defaultPaths(): { configFile: string; dataDir: string; dbFile: string } {
  const paths = envPaths('brief', { suffix: '' });
  return {
    configFile: path.join(paths.config, 'config.yaml'),
    dataDir: paths.data,
    dbFile: path.join(paths.data, 'brief.db'),
  };
}
