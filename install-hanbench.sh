#!/usr/bin/env bash
# Installs `hanbench` from this repository as a .NET tool: packs host/HanBench.Cli into a local package folder and runs
# `dotnet tool install` from it. A hanbench installed already is uninstalled first: `dotnet tool update` to the same
# package version keeps the old tool, and a working copy's edits do not change the version. Each commit packs as its own
# prerelease (0.1.0-dev.<commits>) so `dotnet tool list` tells builds apart; `hanbench --version` adds the commit hash.
#   install-hanbench.sh                      global tool (~/.dotnet/tools must be on PATH)
#   install-hanbench.sh --tool-path DIR      into DIR instead (no PATH change, nothing global)
#   -c|--configuration C (default Release)   --no-build  pack what is built already
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
configuration=Release
scope=(--global)
pack_extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --tool-path) scope=(--tool-path "$2"); shift 2 ;;
        -c|--configuration) configuration=$2; shift 2 ;;
        --no-build) pack_extra+=(--no-build); shift ;;
        *) echo "install-hanbench.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
done

packages=$(mktemp -d)
trap 'rm -rf "$packages"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The commit count orders builds of one history; outside a git clone (a source archive) the package is plain VersionPrefix.
if commits=$(git -C "$root" rev-list --count HEAD 2>/dev/null); then
    pack_extra+=(--version-suffix "dev.$commits")
fi
dotnet pack "$root/host/HanBench.Cli/HanBench.Cli.csproj" -c "$configuration" -o "$packages" "${pack_extra[@]}" >&2
version=$(ls "$packages" | sed -n 's/^HanBench\.Cli\.\(.*\)\.nupkg$/\1/p' | head -n 1)
[ -n "$version" ] || { echo "install-hanbench.sh: dotnet pack made no HanBench.Cli package" >&2; exit 1; }

# A --tool-path that does not exist yet fails the listing: nothing is installed there.
installed=$(dotnet tool list "${scope[@]}" 2>/dev/null | awk 'NR > 2 && tolower($1) == "hanbench.cli" { print $2 }') || installed=
if [ -n "$installed" ]; then
    dotnet tool uninstall HanBench.Cli "${scope[@]}" >&2
fi
dotnet tool install HanBench.Cli "${scope[@]}" --add-source "$packages" --version "$version" --ignore-failed-sources >&2
if [ -n "$installed" ]; then
    echo "hanbench $version: installed in place of hanbench $installed (${scope[*]})"
else
    echo "hanbench $version: installed (${scope[*]})"
fi
