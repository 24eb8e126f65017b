#!/usr/bin/env bash
set -euo pipefail

src="${1:?usage: backup.sh SOURCE_DIR DEST_DIR}"
dest="${2:?usage: backup.sh SOURCE_DIR DEST_DIR}"
stamp="$(date +%Y%m%d-%H%M%S)"

mkdir -p "$dest"
tar -czf "$dest/backup-$stamp.tar.gz" -C "$src" .
# Keep the seven newest archives.
ls -1t "$dest"/backup-*.tar.gz | tail -n +8 | xargs -r rm --
echo "wrote $dest/backup-$stamp.tar.gz"
