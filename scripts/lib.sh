# Shared shell helpers: emulator lifecycle and the terraform CLI config.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AWS_PROVIDER_MIRROR="${AWS_PROVIDER_MIRROR:-/opt/tf-plugins}"
export CHECKPOINT_DISABLE=1

require_tools() {
  command -v terraform >/dev/null 2>&1 || { echo "terraform not found on PATH: install terraform 1.11.x" >&2; exit 1; }
  command -v moto_server >/dev/null 2>&1 || { echo "moto_server not found on PATH: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
}

# start_emulator: the acceptance tests' local AWS (moto_server, the harness
# fake for the operations moto lacks, and the proxy in front of both, see
# tools/emulator) on a free loopback port; exports EMULATOR_URL and EMULATOR_PID.
start_emulator() {
  local out
  out="$(mktemp -t emulator.XXXXXX.log)"
  go build -o "$REPO/bin/hipaa-emulator" "$REPO/tools/emulator"
  "$REPO/bin/hipaa-emulator" >"$out" 2>&1 &
  EMULATOR_PID=$!
  for _ in $(seq 1 600); do
    EMULATOR_URL="$(head -1 "$out" | grep -o '^http://127.0.0.1:[0-9]*' || true)"
    if [ -n "$EMULATOR_URL" ]; then
      export EMULATOR_URL EMULATOR_PID
      return 0
    fi
    kill -0 "$EMULATOR_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "emulator did not start:" >&2
  cat "$out" >&2
  return 1
}

stop_emulator() {
  [ -n "${EMULATOR_PID:-}" ] && kill "$EMULATOR_PID" 2>/dev/null && wait "$EMULATOR_PID" 2>/dev/null
  return 0
}

# write_cli_config FILE: dev_overrides for this build, filesystem mirrors for
# this provider and for hashicorp/aws (no registry access here).
write_cli_config() {
  cat >"$1" <<HCL
provider_installation {
  dev_overrides {
    "registry.terraform.io/hipaa-iac/hipaa" = "$REPO/bin"
  }
  filesystem_mirror {
    path    = "$REPO/.tfmirror"
    include = ["registry.terraform.io/hipaa-iac/*"]
  }
  filesystem_mirror {
    path    = "$AWS_PROVIDER_MIRROR"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
HCL
}
