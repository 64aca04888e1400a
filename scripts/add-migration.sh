#!/usr/bin/env bash
# Adds a migration to BOTH provider sets of a module (SQLite and SQL Server), so they never drift apart.
# Usage: scripts/add-migration.sh <Module> <MigrationName>     e.g. scripts/add-migration.sh Accounts AddRegion
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <Module> <MigrationName>   (e.g. $0 Accounts AddRegion)" >&2
  exit 2
fi
module="$1"; name="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
# A module (modules/<M>/Crm.<M>), a plugin (plugins/Crm.Plugins.<M>) or a platform service (src/Crm.<M>).
project=""
for candidate in "$root/modules/$module/Crm.$module" "$root/plugins/Crm.Plugins.$module" "$root/src/Crm.$module"; do
  if [ -d "$candidate" ]; then project="$candidate"; break; fi
done
if [ -z "$project" ]; then
  echo "No project for '$module' in modules/$module/Crm.$module, plugins/Crm.Plugins.$module or src/Crm.$module" >&2
  exit 2
fi
cd "$root"
dotnet tool restore >/dev/null
dotnet build "$root/src/Crm.Host" -v q -nologo >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --no-build \
    --project "$project" --startup-project "$root/src/Crm.Host" \
    --context "${module}${provider}DbContext" \
    --output-dir "Persistence/Migrations/$provider" || {
      echo "Adding the $provider migration failed; remove any half-added files before retrying." >&2; exit 1; }
  # The next provider's `migrations add` must see this one compiled.
  dotnet build "$root/src/Crm.Host" -v q -nologo >/dev/null
done
echo "Added migration '$name' to ${project#$root/} (Sqlite and SqlServer)."
