#!/bin/sh
# Installs the Debian packages of the given groups (build, test, bench) that are missing.
# Says what it installs; never prompts. Usage: scripts/deps.sh GROUP...
set -eu
here=$(dirname "$0")
groups=" $* "
missing=""
while read -r pkg group; do
    case "$pkg" in ''|'#'*) continue ;; esac
    case "$groups" in *" $group "*) ;; *) continue ;; esac
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        # nodejs from another origin (nodesource) counts when node runs
        if [ "$pkg" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
        missing="$missing $pkg"
    fi
done < "$here/deps.txt"
# npm comes with Debian's nodejs only as its own package
case "$groups" in *" test "*)
    if ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi ;;
esac
[ -z "$missing" ] && exit 0
echo "zona: installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "zona: missing packages:$missing" >&2
    echo "zona: run as root, or install them with: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet.
if ! $sudo apt-get install -y -q --no-install-recommends $missing; then
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends $missing
fi
