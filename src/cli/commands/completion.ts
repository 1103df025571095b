import type { Argument, Command, Option } from 'commander';
import type { Io } from '../terminal-io.js';
import { EXIT, UsageError } from '../../errors.js';
import { SHELLS, completionScript, type CompletionCommand, type CompletionOption, type Shell } from '../../render/completion.js';

/** `brief completion bash|zsh|fish`: the completion script, made from the command definitions. */
export async function runCompletion(shell: string | undefined, program: Command, io: Io): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell ?? '')) throw new UsageError(`invalid shell "${shell ?? ''}": ${SHELLS.join(', ')}`);
  io.stdout.write(completionScript(shell as Shell, describeCommand(program, true)));
  return EXIT.ok;
}

/** The commander program as the completion renderer's plain tree. */
export function describeCommand(command: Command, isProgram = false): CompletionCommand {
  const options = command.options.filter((o) => !o.hidden).map(describeOption);
  if (isProgram) options.push({ long: '--help', short: '-h', description: 'display help', takesValue: false });
  return {
    name: command.name(),
    description: command.description(),
    options,
    args: command.registeredArguments.map(describeArgument),
    commands: command.commands.map((c) => describeCommand(c)),
  };
}

/** A value named <file> or <dir> completes file names. */
function describeOption(o: Option): CompletionOption {
  return {
    long: o.long ?? o.flags,
    ...(o.short ? { short: o.short } : {}),
    description: o.description,
    takesValue: o.required || o.optional,
    ...(o.argChoices ? { choices: o.argChoices } : {}),
    ...(/<(file|dir)>/.test(o.flags) ? { files: true } : {}),
  };
}

function describeArgument(a: Argument): { choices?: readonly string[]; files?: boolean } {
  return { ...(a.argChoices ? { choices: a.argChoices } : {}), ...(/file/.test(a.name()) ? { files: true } : {}) };
}
