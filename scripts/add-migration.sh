#!/usr/bin/env bash
# Adds a migration to ALL THREE provider sets of a module (SQLite, PostgreSQL and SQL Server), so they never drift apart.
# Usage: scripts/add-migration.sh <Module> <MigrationName>          e.g. scripts/add-migration.sh Accounts AddRegion
#        scripts/add-migration.sh <ProjectPath> <MigrationName>     e.g. scripts/add-migration.sh src/Crm.Workflows AddBookmarks
# A module lives in modules/<Module>/Crm.<Module>; a project path is for storage outside modules/ (the workflow server).
# Either way the contexts are named <Name>SqliteDbContext, <Name>PostgreSqlDbContext and <Name>SqlServerDbContext, <Name>
# being the project name without "Crm." (Accounts, Workflows).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <Module|ProjectPath> <MigrationName>   (e.g. $0 Accounts AddRegion, $0 src/Crm.Workflows AddBookmarks)" >&2
  exit 2
fi
target="$1"; name="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
# A project path (src/Crm.Workflows), or a name: a module (modules/<M>/Crm.<M>), a plugin (plugins/Crm.Plugins.<M>)
# or a platform service (src/Crm.<M>).
project=""
if [[ "$target" == */* ]]; then
  project="$root/${target%/}"
else
  for candidate in "$root/modules/$target/Crm.$target" "$root/plugins/Crm.Plugins.$target" "$root/src/Crm.$target"; do
    if [ -d "$candidate" ]; then project="$candidate"; break; fi
  done
fi
prefix="$(basename "${project:-x}")"; prefix="${prefix#Crm.}"; prefix="${prefix#Plugins.}"
if [ -z "$project" ] || [ ! -d "$project" ]; then
  echo "No project for '$target' (tried modules/$target/Crm.$target, plugins/Crm.Plugins.$target, src/Crm.$target)" >&2
  exit 2
fi
cd "$root"
dotnet tool restore >/dev/null
dotnet build "$root/src/Crm.Host" -v q -nologo >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" --no-build \
    --project "$project" --startup-project "$root/src/Crm.Host" \
    --context "${prefix}${provider}DbContext" \
    --output-dir "Persistence/Migrations/$provider" || {
      echo "Adding the $provider migration failed; remove any half-added files before retrying." >&2; exit 1; }
  # The next provider's `migrations add` must see this one compiled.
  dotnet build "$root/src/Crm.Host" -v q -nologo >/dev/null
done
echo "Added migration '$name' to ${project#$root/} (Sqlite, PostgreSql and SqlServer)."
