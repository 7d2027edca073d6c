# Steward agent: lists the updates Windows Update has for this device, from the metadata Windows already has
# (Online = false: the agent itself does not go to Microsoft's servers), through the Windows Update Agent's COM API.
# Prints one JSON object: {"rebootRequired": bool, "updates": [{title, kb, updateId, revision, categories,
# msrcSeverity, cves, hidden}, ...]}. Run by the agent as: powershell.exe -NoProfile -NonInteractive -File <this>.
$ErrorActionPreference = 'Stop'
$session = New-Object -ComObject Microsoft.Update.Session
$searcher = $session.CreateUpdateSearcher()
$searcher.Online = $false
$found = $searcher.Search("IsInstalled=0 and Type='Software'")
$updates = @()
foreach ($u in $found.Updates) {
    $updates += [ordered]@{
        title        = [string]$u.Title
        kb           = @($u.KBArticleIDs | ForEach-Object { [string]$_ })
        updateId     = [string]$u.Identity.UpdateID
        revision     = [string]$u.Identity.RevisionNumber
        categories   = @($u.Categories | ForEach-Object { [string]$_.Name })
        msrcSeverity = [string]$u.MsrcSeverity
        cves         = @($u.CveIDs | ForEach-Object { [string]$_ })
        hidden       = [bool]$u.IsHidden
    }
}
$reboot = (New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired
# -InputObject keeps a one-element list a list (piping would unwrap it).
ConvertTo-Json -InputObject ([ordered]@{ rebootRequired = [bool]$reboot; updates = $updates }) -Depth 4 -Compress
