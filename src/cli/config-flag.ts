import type { Command } from 'commander';
import type { UserConfig } from '../casefile/user-config.js';
import { CONFIG_ENV, loadUserConfig } from '../casefile/user-config-file.js';

/** What commander hands over for `--config`. */
export interface ConfigFlags {
  config?: string;
}

/** `--config FILE` on a command that reads the user config. */
export function addConfigFlag(command: Command): Command {
  return command.option('--config <file>', `the user config to use: defaults for checklist, sender, organisation, ocrLanguages, packet.maxSize (default $${CONFIG_ENV}, else ~/.config/casepack/config.yaml; casepack.yaml wins over it; see docs/casefile.md)`);
}

/**
 * The user config, read once at the start of a command: a broken one stops
 * the command before any case is read, its problems printed first and alone
 * (a UsageError, exit 2).
 */
export function userConfigFromFlags(flags: ConfigFlags): Promise<UserConfig | undefined> {
  return loadUserConfig(process.env, flags.config);
}
