export interface ServeCommand {
  env: Record<string, string>;
  args: string[];
}

export function serveCommand(packageJson?: string): ServeCommand;
