#!/usr/bin/env bash
# make bench: binary size, GetProviderSchema time and peak RSS, AWS calls per refresh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools
cd "$REPO"
make -s build

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
write_cli_config "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
cat >"$work/main.tf" <<'HCL'
terraform {
  required_providers {
    hipaa = { source = "hipaa-iac/hipaa" }
  }
}
HCL

size=$(stat -c %s bin/terraform-provider-hipaa)
printf '%-44s %s\n' "metric" "value"
printf '%-44s %d bytes (%.1f MB)\n' "provider binary size" "$size" "$(awk -v s="$size" 'BEGIN{print s/1048576}')"

if [ -x /usr/bin/time ]; then
  for i in 1 2 3; do
    ( cd "$work" && /usr/bin/time -f '%e %M' -o "$work/time.$i" terraform providers schema -json >/dev/null )
    read -r secs kb <"$work/time.$i"
    printf '%-44s %ss, peak RSS %s KB (terraform + provider)\n' "GetProviderSchema run $i" "$secs" "$kb"
  done
else
  echo "GetProviderSchema: /usr/bin/time missing (Debian package 'time'); skipping time/RSS"
fi

# Time limits. BENCH_TEST_TIMEOUT is go test's -timeout for the refresh
# tests (its default, 10m, is tight on a busy 2-core machine).
# BENCH_TIMEOUT bounds the benchmark run: eight benchmarks, the scaling one
# applying and planning 5, 10 and 20 networks and databases. go test's
# -timeout does not stop benchmarks (the testing package's alarm covers
# tests only, and go test sets no kill timer with -bench), so the run is
# also wrapped in timeout(1), whose SIGQUIT makes the test binary print
# every goroutine's stack before it exits.
BENCH_TEST_TIMEOUT="${BENCH_TEST_TIMEOUT:-20m}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-60m}"

# bench_run NAME CMD...: runs CMD, showing its BENCH lines as they come and
# keeping its whole output. If CMD fails, or prints no BENCH line, the whole
# output is printed and the script fails with CMD's status: a failure (a
# test timeout, a failed apply) is never hidden by the BENCH filter.
bench_run() {
  local name="$1" out="$work/$1.out" rc
  shift
  set +e
  "$@" 2>&1 | tee "$out" | { grep --line-buffered '^BENCH ' | sed -u 's/^BENCH /    /'; true; }
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -eq 0 ] && grep -q '^BENCH ' "$out"; then
    return 0
  fi
  local why="exit status $rc"
  case "$rc" in
  0) why="no BENCH line"; rc=1 ;;
  124) why="timed out" ;;
  esac
  {
    echo
    echo "make bench: $name failed ($why); its full output:"
    echo "----- $* -----"
    cat "$out"
    echo "----- end of $name output -----"
  } >&2
  exit "$rc"
}

echo
echo "AWS calls per refresh (counting proxy, make bench runs the same tests as make test):"
bench_run refresh-calls env TF_ACC=1 TF_ACC_TERRAFORM_PATH="$(command -v terraform)" TF_ACC_PROVIDER_NAMESPACE=hipaa-iac \
  TF_CLI_CONFIG_FILE="$REPO/.ci/empty.tfrc" go test ./internal/provider/ -run 'refreshCalls' -count=1 -v -timeout "$BENCH_TEST_TIMEOUT"

echo
echo "hipaa_vpc and hipaa_database versus their hipaagen eject applied with hashicorp/aws 5.100.0 (same emulator, same run);"
echo "every resource's apply: sequential depth of its AWS calls versus its weighted critical path (1 level of describes, then the longest chain of Layout.Children, each child weighing the calls it makes one after another; target <= 1.5x):"
bench_run benchmarks timeout --signal=QUIT --kill-after=2m "$BENCH_TIMEOUT" \
  env TF_ACC=1 AWS_PROVIDER_MIRROR="$AWS_PROVIDER_MIRROR" go test ./internal/provider/ -run '^$' \
  -bench 'Benchmark(VPC_versusPlainAWS|Database_versusPlainAWS|Plan_scaling|[A-Za-z]+_applyLatency)' -benchtime 1x -count 1 \
  -timeout "$BENCH_TIMEOUT"
