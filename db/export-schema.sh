#!/usr/bin/env bash
# Regenerates the SQL a production database gets, with Marten's own db-patch command run against an
# empty database (a throwaway embedded cluster), so the files hold the whole schema:
#   db/schema.sql     events, streams, documents, projections' tables and the append-only triggers
#   db/wolverine.sql  Wolverine's message storage (inbox, outbox, scheduled messages, nodes)
# (each with its *.drop.sql). A test fails when these files are stale: run this script and commit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# As root the embedded server runs as the postgres user, which must be able to reach the directory.
chmod 755 "$scratch"
export EmbeddedDatabase__DataDirectory="$scratch/pg"
unset ConnectionStrings__Marten
cd "$root"
dotnet build src/EventSourced.Web -v quiet -nologo >/dev/null
dotnet run --no-build --project src/EventSourced.Web -- db-patch "$root/db/schema.sql" -d marten://store/
dotnet run --no-build --project src/EventSourced.Web -- db-patch "$root/db/wolverine.sql" -d wolverine://messages/main
