#!/usr/bin/env pwsh
#Requires -Version 7.0
<#
.SYNOPSIS
    Flash a board: nanoCLR firmware, the HanBench app and the role configuration, via nanoff.
.DESCRIPTION
    Builds the hanbench CLI and runs `hanbench flash`, which holds all the logic (fit check, nanoff steps,
    configuration file; see boards/README.md). -WhatIf maps to --dry-run: the nanoff commands are printed, not run.
.EXAMPLE
    ./flash.ps1 -Board esp32-s3-devkitc-1-n8r8 -Role hub -Port COM5
.EXAMPLE
    ./flash.ps1 -Board esp32-devkitc -Role bridge -Variant B1 -Port /dev/ttyUSB0 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)] [string] $Board,
    [Parameter(Mandatory = $true)] [ValidateSet('hub', 'ppmid', 'bridge', 'meter')] [string] $Role,
    [Parameter(Mandatory = $true)] [string] $Port,
    [string] $Id,
    [ValidateSet('B1', 'B2', 'B3', 'B4')] [string] $Variant
)

$ErrorActionPreference = 'Stop'
$cli = Join-Path $PSScriptRoot 'host/HanBench.Cli'

dotnet build $cli --nologo --verbosity quiet
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

$arguments = @('flash', '--board', $Board, '--role', $Role, '--port', $Port)
if ($Id) { $arguments += @('--id', $Id) }
if ($Variant) { $arguments += @('--variant', $Variant) }
if ($WhatIfPreference) { $arguments += '--dry-run' }

Push-Location $PSScriptRoot
try {
    dotnet run --project $cli --no-build -- @arguments
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
