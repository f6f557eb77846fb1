// Completion scripts: each asks tproc itself for the words (yargs answers
// `tproc --get-yargs-completions WORD...` with one candidate per line).
export type Shell = 'bash' | 'zsh';

const BASH = `# tproc completion for bash: source it, or add it to ~/.bashrc
_tproc_complete() {
  local cur words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  mapfile -t words < <(SHELL=/bin/bash tproc --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  mapfile -t COMPREPLY < <(compgen -W "\${words[*]}" -- "$cur")
  [ \${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=()
  return 0
}
complete -o bashdefault -o default -F _tproc_complete tproc
`;

const ZSH = `#compdef tproc
# tproc completion for zsh: put it in a directory of $fpath as _tproc, or source it
_tproc() {
  local -a words_out
  local IFS=$'\\n'
  words_out=($(SHELL=/bin/zsh tproc --get-yargs-completions "\${words[@]:0:CURRENT}" 2>/dev/null))
  _describe 'tproc' words_out
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _tproc "$@"
else
  compdef _tproc tproc
fi
`;

export function completionScript(shell: Shell): string {
  return shell === 'zsh' ? ZSH : BASH;
}
