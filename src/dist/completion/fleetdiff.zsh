# zsh completion for fleetdiff: loads the bash completion through zsh's bashcompinit.
# Use: source /opt/fleetdiff/completion/fleetdiff.zsh   (in ~/.zshrc, after compinit)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
source "${0:A:h}/fleetdiff.bash"
