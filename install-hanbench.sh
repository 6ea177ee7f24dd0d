#!/usr/bin/env bash
# Installs `hanbench` from this repository as a .NET tool: packs host/HanBench.Cli into a local package folder and runs
# `dotnet tool install` from it, or `dotnet tool update` when it is installed already.
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
dotnet pack "$root/host/HanBench.Cli/HanBench.Cli.csproj" -c "$configuration" -o "$packages" "${pack_extra[@]}" >&2
version=$(ls "$packages" | sed -n 's/^HanBench\.Cli\.\(.*\)\.nupkg$/\1/p' | head -n 1)
[ -n "$version" ] || { echo "install-hanbench.sh: dotnet pack made no HanBench.Cli package" >&2; exit 1; }

if dotnet tool list "${scope[@]}" 2>/dev/null | awk 'NR > 2 { print tolower($1) }' | grep -qx 'hanbench.cli'; then
    action=update
else
    action=install
fi
dotnet tool "$action" HanBench.Cli "${scope[@]}" --add-source "$packages" --version "$version" --ignore-failed-sources >&2
echo "hanbench $version: $action done (${scope[*]})"
