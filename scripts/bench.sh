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

echo
echo "AWS calls per refresh (counting proxy, make bench runs the same tests as make test):"
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$(command -v terraform)" TF_ACC_PROVIDER_NAMESPACE=hipaa-iac \
  TF_CLI_CONFIG_FILE="$REPO/.ci/empty.tfrc" go test ./internal/provider/ -run 'refreshCalls' -count=1 -v 2>&1 |
  grep '^BENCH ' | sed 's/^BENCH /    /'

echo
echo "hipaa_vpc and hipaa_database versus their hipaagen eject applied with hashicorp/aws 5.100.0 (same emulator, same run):"
TF_ACC=1 AWS_PROVIDER_MIRROR="$AWS_PROVIDER_MIRROR" go test ./internal/provider/ -run '^$' \
  -bench 'Benchmark(VPC_versusPlainAWS|VPC_applyLatency|Database_versusPlainAWS|Plan_scaling)' -benchtime 1x -count 1 2>&1 | grep '^BENCH ' | sed 's/^BENCH /    /'
