# Shared shell helpers: emulator lifecycle and the terraform CLI config.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AWS_PROVIDER_MIRROR="${AWS_PROVIDER_MIRROR:-/opt/tf-plugins}"
export CHECKPOINT_DISABLE=1

require_tools() {
  command -v terraform >/dev/null 2>&1 || { echo "terraform not found on PATH: install terraform 1.11.x" >&2; exit 1; }
  command -v moto_server >/dev/null 2>&1 || { echo "moto_server not found on PATH: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
}

# start_emulator: moto_server on a free loopback port; exports EMULATOR_URL and EMULATOR_PID.
start_emulator() {
  local port log
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  log="$(mktemp -t moto.XXXXXX.log)"
  MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  EMULATOR_PID=$!
  EMULATOR_URL="http://127.0.0.1:$port"
  export EMULATOR_URL EMULATOR_PID
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$EMULATOR_URL/moto-api/" && return 0
    sleep 0.1
  done
  echo "emulator did not start; log: $log" >&2
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
